import HL7
import Testing
@testable import Workflow

@Suite struct WorklistIndexTests {
    /// `count` orders over three modalities, four stations and ten days.
    static func processor(count: Int) throws -> WorkflowProcessor {
        var processor = WorkflowProcessor()
        let modalities = ["CT", "MR", "CR"]
        for i in 0..<count {
            let day = String(format: "202612%02d", 1 + i % 10)
            let message = try HL7Message("""
                MSH|^~\\&|RIS|H|RADBRIDGE|RAD|20261122||ORM^O01|C\(i)|P|2.5.1\rPID|1||P\(i % 50)^^^H^MR||NAME\(i % 50)^X\r\
                ORC|NW|PL\(i)\rOBR|1|PL\(i)|A\(i)|X^Exam^L|||||||||||||||RP\(i)|S\(i)||||\(modalities[i % 3])|||^^^\(day)0900\r
                """)
            #expect(processor.process(message, at: "20261122000000").code == .AA)
        }
        return processor
    }

    @Test func indexedQueriesAgreeWithAFullScan() throws {
        let processor = try Self.processor(count: 300)
        let index = WorklistIndex(state: processor.state)
        #expect(index.count == 300)
        let all = processor.state.orders.values.compactMap { order in
            processor.state.patient(of: order).map { WorklistItem.items(for: order, patient: $0) }
        }.flatMap { $0 }
        let queries = [
            WorklistQuery(patientID: "P7"), WorklistQuery(accessionNumber: "A42"),
            WorklistQuery(modality: "CT", startDate: "20261203"), WorklistQuery(modality: "MR", startDate: "20261202-20261205"),
            WorklistQuery(startDate: "-20261202"), WorklistQuery(modality: "CR", startDate: "20261208-"),
            WorklistQuery(modality: "CT"), WorklistQuery(patientName: "NAME1*"), WorklistQuery(modality: "C?"),
        ]
        for query in queries {
            let expected = Set(all.filter(query.matches).map(\.accessionNumber))
            let found = index.find(query).map(\.accessionNumber)
            #expect(Set(found) == expected)
            #expect(found.count == expected.count, "duplicates for \(query)")
            #expect(!expected.isEmpty)
        }
    }

    @Test func updatesFollowOrderChanges() throws {
        var processor = try Self.processor(count: 30)
        var index = WorklistIndex(state: processor.state)
        let cancel = try HL7Message("MSH|^~\\&|RIS|H|RADBRIDGE|RAD|20261122||ORM^O01|X1|P|2.5.1\rPID|1||P3^^^H^MR\rORC|CA|PL3\rOBR|1|PL3|A3|X^Exam^L\r")
        let outcome = processor.process(cancel, at: "20261122010000")
        #expect(outcome.code == .AA)
        index.update(orderIDs: outcome.changedOrders, in: processor.state)
        #expect(index.find(WorklistQuery(accessionNumber: "A3")).isEmpty)
        #expect(index.find(WorklistQuery(modality: "CT", startDate: "20261204")).isEmpty)
        #expect(index.find(WorklistQuery(modality: "MR", startDate: "20261204")).map(\.accessionNumber) == ["A13"])
        #expect(index.count == 29)
    }
}
