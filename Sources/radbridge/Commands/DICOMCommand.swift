import ArgumentParser
import DICOM
import DICOMNetwork
import Foundation

struct DICOMCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dicom",
        abstract: "Read DICOM files and talk DICOM over the network.",
        subcommands: [Dump.self, Echo.self, Send.self, Listen.self, DICOMQueueCommand.self]
    )

    struct Dump: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Print a DICOM file one element per line, like dcmdump.")

        @Argument(help: "A DICOM Part 10 file (or a bare data set).")
        var file: String

        @Flag(name: .customLong("all"), help: "Print long values completely.")
        var printAll = false

        func run() throws {
            let bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: file)))
            let parsed = try DICOMFile(bytes: bytes)
            for warning in parsed.warnings { standardError("warning: \(warning)") }
            print(DataSetDumper(maximumValueLength: printAll ? nil : 64).dump(parsed), terminator: "")
        }
    }

    struct Peer: ParsableArguments {
        @Argument(help: "The peer as HOST:PORT.")
        var address: String

        @Option(name: .customLong("aet"), help: "Our (calling) AE title.")
        var callingAETitle = "RADBRIDGE"

        @Option(name: .customLong("aec"), help: "The peer's (called) AE title.")
        var calledAETitle = "ANY-SCP"

        @Option(help: "Seconds to wait for the peer.")
        var timeout = 30

        func hostAndPort() throws -> (String, Int) {
            guard let colon = address.lastIndex(of: ":"), let port = Int(address[address.index(after: colon)...]) else {
                throw ValidationError("expected HOST:PORT, got \(address)")
            }
            return (String(address[..<colon]), port)
        }
    }

    struct Echo: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Send C-ECHO (verification) to a DICOM peer.")

        @OptionGroup var peer: Peer

        func run() async throws {
            let (host, port) = try peer.hostAndPort()
            let association = try await DICOMAssociation.open(
                host: host, port: port, callingAETitle: peer.callingAETitle, calledAETitle: peer.calledAETitle,
                proposals: DICOMAssociation.proposals([(VerificationService.sopClassUID, [TransferSyntax.implicitVRLittleEndian.uid])]),
                timeout: .seconds(Int64(peer.timeout)))
            let status = try await association.echo()
            try await association.release()
            print("C-ECHO \(peer.calledAETitle) at \(host):\(port): status \(status)")
            if !status.isSuccess { throw ExitCode(1) }
        }
    }

    struct Send: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Send DICOM files with C-STORE.")

        @OptionGroup var peer: Peer

        @Argument(help: "DICOM Part 10 files.")
        var files: [String]

        func run() async throws {
            let (host, port) = try peer.hostAndPort()
            let parsed = try files.map { try DICOMFile(bytes: [UInt8](Data(contentsOf: URL(fileURLWithPath: $0)))) }
            var syntaxes: [(String, [String])] = []
            for file in parsed {
                guard let sopClass = file.dataSet.string(.sopClassUID) else { continue }
                let transfer = file.transferSyntax.isEncapsulated ? [file.transferSyntax.uid]
                    : [TransferSyntax.explicitVRLittleEndian.uid, TransferSyntax.implicitVRLittleEndian.uid]
                if !syntaxes.contains(where: { $0.0 == sopClass && $0.1 == transfer }) { syntaxes.append((sopClass, transfer)) }
            }
            let association = try await DICOMAssociation.open(
                host: host, port: port, callingAETitle: peer.callingAETitle, calledAETitle: peer.calledAETitle,
                proposals: DICOMAssociation.proposals(syntaxes), timeout: .seconds(Int64(peer.timeout)))
            var failures = 0
            for (path, file) in zip(files, parsed) {
                do {
                    let status = try await association.store(file)
                    print("C-STORE \(file.dataSet.string(.sopInstanceUID) ?? path): status \(status)")
                    if status.isFailure { failures += 1 }
                } catch {
                    print("C-STORE \(path): \(error)")
                    failures += 1
                }
            }
            try await association.release()
            if failures > 0 { throw ExitCode(1) }
        }
    }

    struct Listen: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "scp", abstract: "Run a DICOM listener answering C-ECHO and storing C-STORE instances (for tests).")

        @Option(help: "Address to bind.")
        var host = "127.0.0.1"

        @Option(help: "TCP port.")
        var port = 11112

        @Option(name: .customLong("aet"), help: "Our AE title.")
        var aeTitle = "RADBRIDGE"

        @Option(help: "Folder for received instances.")
        var output: String

        func run() async throws {
            let folder = URL(fileURLWithPath: output)
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            let server = DICOMServer(
                configuration: .init(host: host, port: port, aeTitle: aeTitle),
                services: [VerificationService(), StorageService.directory(folder)],
                log: { standardError($0) })
            let bound = try await server.start()
            print("listening on \(host):\(bound) as \(aeTitle)")
            try await server.waitUntilClosed()
        }
    }
}

private func standardError(_ line: String) {
    FileHandle.standardError.write(Data((line + "\n").utf8))
}
