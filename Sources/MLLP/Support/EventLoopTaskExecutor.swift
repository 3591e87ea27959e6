import NIOCore

/// Runs a task's jobs on one NIO event loop. A connection's task that prefers it reads frames,
/// answers them and writes the reply on the loop that owns the socket, instead of hopping to the
/// cooperative pool and back for every message (default actors it calls run there too).
public final class EventLoopTaskExecutor: TaskExecutor, @unchecked Sendable {
    private let eventLoop: any EventLoop

    public init(_ eventLoop: any EventLoop) {
        self.eventLoop = eventLoop
    }

    public func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        eventLoop.execute { job.runSynchronously(on: self.asUnownedTaskExecutor()) }
    }
}
