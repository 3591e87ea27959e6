import Foundation

/// Release-mode benchmarks: `swift run -c release radbridge-bench hl7|dicom|worklist|worklist-net|engine|mpi|forward|state-copy`.
let arguments = Array(CommandLine.arguments.dropFirst())
switch arguments.first {
case "hl7":
    try HL7Benchmark.run(arguments: arguments)
case "dicom":
    DICOMBenchmark.run(arguments: Array(arguments.dropFirst()))
case "worklist":
    try WorklistBenchmark.run(arguments: arguments)
case "worklist-net":
    try await WorklistNetworkBenchmark.run(arguments: arguments)
case "mpi":
    MPIBenchmark.run(arguments: arguments)
case "engine":
    try await EngineBenchmark.run(arguments: arguments)
case "forward":
    try await ForwardBenchmark.run(arguments: arguments)
case "state-copy":
    try StateCopyBenchmark.run(arguments: arguments)
default:
    print("usage: radbridge-bench hl7 [--messages N] [--no-python] | dicom [FILE…] | worklist [--entries 10000,100000] | worklist-net [--entries 10000,100000] | engine [--seconds 5] [--senders 1,8] | mpi [--patients 10000,1000000] [--probes 2000] | forward [--count 1000] | state-copy [--patients 1000,10000,50000] [--messages 2000]")
    exit(2)
}
