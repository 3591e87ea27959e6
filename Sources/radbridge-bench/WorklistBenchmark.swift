import Foundation
import HL7
import Workflow

/// `radbridge-bench worklist [--entries 10000,100000]`: Modality Worklist query latency in the
/// index (no network) for a one-patient query, a modality + date-range query and a station query.
enum WorklistBenchmark {
    static func run(arguments: [String]) throws {
        let sizes = (value(of: "--entries", in: arguments) ?? "10000,100000").split(separator: ",").compactMap { Int($0) }
        for size in sizes {
            let (index, build) = try makeWorklist(size)
            print("worklist with \(index.count) scheduled steps (orders applied + indexed in \(String(format: "%.2f", build)) s)")
            let days = Self.days(size), stations = Self.stations(size)
            let queries: [(String, (Int) -> WorklistQuery)] = [
                ("one patient (PatientID)", { WorklistQuery(patientID: "MRN\($0 % (size / 4))") }),
                ("modality + 2-day range", { WorklistQuery(modality: "CT", startDate: "\(Self.date($0 % (days - 1)))-\(Self.date($0 % (days - 1) + 1))") }),
                ("station AE title + day", { WorklistQuery(stationAETitle: "STATION\($0 % stations)", startDate: Self.date($0 % days)) }),
            ]
            for (label, make) in queries {
                var samples: [Double] = []
                var found = 0
                for i in 0..<2_000 {
                    let query = make(i)
                    let start = DispatchTime.now().uptimeNanoseconds
                    found += index.find(query).count
                    samples.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1_000)
                }
                samples.sort()
                let median = samples[samples.count / 2], p99 = samples[samples.count * 99 / 100]
                print("  \(label.padding(toLength: 26, withPad: " ", startingAt: 0)) median \(String(format: "%8.1f", median)) µs   p99 \(String(format: "%8.1f", p99)) µs   (\(found / 2_000) matches per query)")
            }
        }
    }

    /// Entries spread so that each query matches about as many entries at any size (a hospital
    /// with more entries has them over more days and more rooms): 300 steps a day, 50 per station.
    static func days(_ size: Int) -> Int { max(2, size / 300) }
    static func stations(_ size: Int) -> Int { max(1, size / 50) }

    /// Day `n` after 2026-01-01 as DICOM DA.
    static func date(_ n: Int) -> String {
        var components = DateComponents()
        components.year = 2026
        components.month = 1
        components.day = 1 + n
        let calendar = Calendar(identifier: .gregorian)
        let day = calendar.date(from: components)!
        let parts = calendar.dateComponents(in: TimeZone(identifier: "UTC")!, from: day)
        return String(format: "%04d%02d%02d", parts.year!, parts.month!, parts.day!)
    }

    /// `size` orders for `size / 4` patients over 3 modalities, booked into rooms.
    static func makeWorklist(_ size: Int) throws -> (WorklistIndex, Double) {
        let start = DispatchTime.now().uptimeNanoseconds
        let stations = stations(size), days = days(size)
        var processor = WorkflowProcessor(configuration: WorkflowConfiguration(
            stationAETitles: Dictionary(uniqueKeysWithValues: (0..<stations).map { ("ROOM\($0)", "STATION\($0)") })))
        let modalities = ["CT", "MR", "CR"]
        let dates = (0..<days).map(date)
        for i in 0..<size {
            let day = dates[i % days]
            let order = try HL7Message("""
                MSH|^~\\&|RIS|H|RADBRIDGE|RAD|20261122||ORM^O01|C\(i)|P|2.5.1\rPID|1||MRN\(i % max(1, size / 4))^^^H^MR||FAMILY\(i % 997)^GIVEN\r\
                ORC|NW|PL\(i)\rOBR|1|PL\(i)|A\(i)|X\(i % 40)^Exam \(i % 40)^L|||||||||||||||RP\(i)|S\(i)||||\(modalities[i % 3])|||^^^\(day)\(String(format: "%02d", 7 + i % 10))00\r
                """)
            _ = processor.process(order, at: "20261122000000")
            let booking = try HL7Message("""
                MSH|^~\\&|RIS|H|RADBRIDGE|RAD|20261122||SIU^S12|B\(i)|P|2.5.1\rSCH||A\(i)\rRGS|1\rAIS|1||X^Exam^L|\(day)1000\rAIL|1||ROOM\(i % stations)\r
                """)
            _ = processor.process(booking, at: "20261122000000")
        }
        let index = WorklistIndex(state: processor.state)
        return (index, Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
    }

    static func value(of name: String, in arguments: [String]) -> String? {
        guard let i = arguments.firstIndex(of: name), i + 1 < arguments.count else { return nil }
        return arguments[i + 1]
    }
}
