import Foundation
import HL7
import Workflow

/// `radbridge-bench state-copy [--patients 1000,10000,50000] [--messages 2000]`: what one message
/// costs the workflow when it is applied to the state in place, and when a copy of the state is
/// kept between messages (as a snapshot published after each commit for readers would be): the
/// kept copy makes the next message copy every dictionary it writes to. Why `WorkflowService`
/// makes readers wait for in-flight commits instead of handing them snapshots.
enum StateCopyBenchmark {
    static func run(arguments: [String]) throws {
        func value(_ name: String) -> String? { arguments.firstIndex(of: name).flatMap { $0 + 1 < arguments.count ? arguments[$0 + 1] : nil } }
        let sizes = (value("--patients") ?? "1000,10000,50000").split(separator: ",").compactMap { Int($0) }
        let count = Int(value("--messages") ?? "") ?? 2_000
        for size in sizes {
            var processor = WorkflowProcessor()
            for n in 0..<size {
                _ = processor.process(try message(patient(n, trigger: "A04", family: "SEED")), at: "20260101120000")
                _ = processor.process(try message(order(n, accession: "S\(n)")), at: "20260101120000")
            }
            func measure(_ kind: String, _ make: (Int, String) throws -> HL7Message) throws {
                let first = try (0..<count).map { try make($0, "a") }, second = try (0..<count).map { try make($0, "b") }
                // `processor` owns its storage alone here: the in-place run copies nothing.
                let a = time { for m in first { _ = processor.process(m, at: "20260101130000") } }
                var snapshot = processor.state
                let b = time {
                    for m in second {
                        _ = processor.process(m, at: "20260101130000")
                        snapshot = processor.state   // published for readers: the next message copies what it writes to
                    }
                }
                _ = snapshot.orders.count
                snapshot = WorkflowState()
                print("\(size) patients+orders, \(kind): " + String(format: "in place %.1f µs/msg, with a kept snapshot %.1f µs/msg (×%.1f)",
                                                                   a / Double(count) * 1e6, b / Double(count) * 1e6, b / a))
            }
            try measure("ADT^A08 update") { i, run in try message(patient(i * 7919 % size, trigger: "A08", family: "UPD\(run)\(i)")) }
            try measure("ORM^O01 new order") { i, run in try message(order(i * 7919 % size, accession: "N\(run)\(i)")) }
        }
    }

    static func time(_ body: () -> Void) -> Double {
        let start = ContinuousClock.now
        body()
        return (ContinuousClock.now - start) / .seconds(1)
    }

    static func message(_ text: String) throws -> HL7Message { try HL7Message(bytes: Array(text.utf8)) }

    static func patient(_ n: Int, trigger: String, family: String) -> String {
        "MSH|^~\\&|BENCH|HOSP|RADBRIDGE|RAD|20260101120000||ADT^\(trigger)^ADT_A01|\(trigger)-\(family)-\(n)|P|2.5\r"
            + "EVN|\(trigger)|20260101120000\rPID|1||P\(n)^^^HOSP^MR||\(family)^PATIENT\(n)||19700101|F\rPV1|1|O\r"
    }

    static func order(_ n: Int, accession: String) -> String {
        "MSH|^~\\&|BENCH|HOSP|RADBRIDGE|RAD|20260101120000||ORM^O01|O-\(accession)|P|2.3\r"
            + "PID|1||P\(n)^^^HOSP^MR||SEED^PATIENT\(n)||19700101|F\rPV1|1|O\r"
            + "ORC|NW|PL\(accession)^EPIC|\(accession)^RIS||SC||^^^20260101130000^^R||20260101120000\r"
            + "OBR|1|PL\(accession)^EPIC|\(accession)^RIS|CTCHESTC^CT Chest with contrast^L|||20260101120000||||||||||||\(accession)|RP\(n)|SPS\(n)||||CT\r"
    }
}
