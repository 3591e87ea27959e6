if CommandLine.arguments.dropFirst().first == "dicom" { DICOMBenchmark.run(arguments: Array(CommandLine.arguments.dropFirst(2))) }
print("bench")
