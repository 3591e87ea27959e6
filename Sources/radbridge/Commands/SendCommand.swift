import ArgumentParser
import Foundation
import MLLP

struct SendCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "send",
        abstract: "Send HL7 messages over MLLP and print each ACK's MSA segment.",
        discussion: "Exits with status 1 if any message was not acknowledged AA or CA."
    )

    @Option(help: "Receiver host.")
    var host = "127.0.0.1"

    @Option(help: "Receiver MLLP port.")
    var port = 2575

    @Option(help: "Seconds to wait for each ACK.")
    var timeout: Double = 30

    @Argument(help: "Files with one or more HL7 messages each.")
    var files: [String]

    func run() async throws {
        var messages: [(file: String, payload: [UInt8])] = []
        for file in files {
            let bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: file)))
            messages += MessageFile.split(bytes).map { (file, $0) }
        }
        let progress = Progress(total: messages.count)
        var failures = 0
        var client: MLLPClient?
        for (index, message) in messages.enumerated() {
            do {
                if client == nil || client?.isActive == false {
                    client = try await MLLPClient.connect(host: host, port: port)
                }
                let reply = try await client!.send(message.payload, timeout: .milliseconds(Int64(timeout * 1000)))
                let msa = MessageFile.segment("MSA", in: reply) ?? "(reply without MSA)"
                if !(msa.hasPrefix("MSA|AA") || msa.hasPrefix("MSA|CA")) { failures += 1 }
                progress.clearLine()
                print("\(message.file): \(msa)")
            } catch {
                failures += 1
                await client?.close()
                client = nil
                progress.clearLine()
                print("\(message.file): error: \(error)")
            }
            progress.update(done: index + 1)
        }
        await client?.close()
        progress.finish()
        if failures > 0 { throw ExitCode(1) }
    }
}
