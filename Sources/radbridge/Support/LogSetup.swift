import Foundation
import Logging
import Synchronization

enum LogSetup {
    private static let done = Mutex(false)

    /// Logs to standard error at the level in RADBRIDGE_LOG_LEVEL (default info).
    static func bootstrap() {
        done.withLock { done in
            guard !done else { return }
            done = true
            let level = ProcessInfo.processInfo.environment["RADBRIDGE_LOG_LEVEL"].flatMap { Logger.Level(rawValue: $0) } ?? .info
            LoggingSystem.bootstrap { label in
                var handler = StreamLogHandler.standardError(label: label)
                handler.logLevel = level
                return handler
            }
        }
    }
}
