import ArgumentParser
import DICOM
import Foundation

struct DICOMCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dicom",
        abstract: "Read DICOM files and talk DICOM over the network.",
        subcommands: [Dump.self]
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
            for warning in parsed.warnings {
                FileHandle.standardError.write(Data("warning: \(warning)\n".utf8))
            }
            print(DataSetDumper(maximumValueLength: printAll ? nil : 64).dump(parsed), terminator: "")
        }
    }
}
