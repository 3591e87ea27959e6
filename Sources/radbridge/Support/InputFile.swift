import ArgumentParser
import Foundation
import HL7

/// Reads the FILE argument of a command (`-` for standard input).
enum InputFile {
    static func bytes(_ path: String) throws -> [UInt8] {
        if path == "-" { return Array(FileHandle.standardInput.readDataToEndOfFile()) }
        guard let data = FileManager.default.contents(atPath: path) else {
            var isDirectory: ObjCBool = false
            let exists = FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory)
            throw CLIError(exists ? (isDirectory.boolValue ? "\(path) is a directory" : "\(path) cannot be read")
                                  : "\(path): no such file", exitCode: 2)
        }
        return Array(data)
    }

    /// The messages of a file; a parse failure becomes a one-line error (exit status 1).
    static func batch(_ path: String) throws -> HL7Batch {
        let input = try bytes(path)
        do throws(HL7ParseError) {
            return try HL7Batch(bytes: input)
        } catch {
            throw CLIError("\(path): \(error.description)", exitCode: 1)
        }
    }
}

/// A failure the user sees as one line on standard error and an exit status.
struct CLIError: Error, CustomStringConvertible {
    let message: String
    let exitCode: Int32
    init(_ message: String, exitCode: Int32 = 1) {
        self.message = message
        self.exitCode = exitCode
    }
    var description: String { message }
}

enum Output {
    /// ER7 on standard output: `\r` terminators, or `\n` on a terminal so it stays readable.
    static func writeER7(_ bytes: [UInt8]) {
        var out = bytes
        if isatty(STDOUT_FILENO) == 1 {
            out = out.map { $0 == 0x0D ? 0x0A : $0 }
        }
        FileHandle.standardOutput.write(Data(out))
    }

    static func line(_ text: String) {
        FileHandle.standardOutput.write(Data((text + "\n").utf8))
    }

    static func error(_ text: String) {
        FileHandle.standardError.write(Data(("radbridge: " + text + "\n").utf8))
    }
}

extension AsyncParsableCommand {
    /// Runs a command body, turning `CLIError` into its message and exit status.
    func reportingErrors(_ body: () throws -> Void) throws {
        do {
            try body()
        } catch let error as CLIError {
            Output.error(error.message)
            throw ExitCode(error.exitCode)
        }
    }
}
