import Testing
@testable import Workflow

@Suite struct OrderStateMachineTests {
    /// Every (state, event) pair: the table's answer, checked against the lifecycle written out.
    static let legal: [OrderState: [OrderEvent: OrderState]] = [
        .ordered: [.change: .ordered, .cancel: .cancelled, .discontinue: .discontinued, .hold: .held, .schedule: .scheduled,
                   .arrive: .arrived, .start: .inProgress, .preliminaryReport: .preliminary, .finalReport: .final],
        .scheduled: [.change: .scheduled, .cancel: .cancelled, .discontinue: .discontinued, .hold: .held,
                     .schedule: .scheduled, .unschedule: .ordered, .arrive: .arrived, .start: .inProgress,
                     .preliminaryReport: .preliminary, .finalReport: .final],
        .arrived: [.change: .arrived, .cancel: .cancelled, .discontinue: .discontinued, .start: .inProgress,
                   .preliminaryReport: .preliminary, .finalReport: .final],
        .inProgress: [.discontinue: .discontinued, .start: .inProgress, .complete: .completed, .abandon: .discontinued,
                      .preliminaryReport: .preliminary, .finalReport: .final],
        .completed: [.preliminaryReport: .preliminary, .finalReport: .final],
        .preliminary: [.preliminaryReport: .preliminary, .finalReport: .final],
        .final: [.correctedReport: .final],
        .held: [.change: .held, .cancel: .cancelled, .discontinue: .discontinued, .release: .ordered],
        .cancelled: [:],
        .discontinued: [:],
    ]

    @Test(arguments: OrderState.allCases)
    func everyTransitionFromState(state: OrderState) {
        for event in OrderEvent.allCases {
            let expected = Self.legal[state]?[event]
            do {
                let next = try OrderStateMachine.next(from: state, on: event)
                #expect(next == expected, "\(state) + \(event)")
            } catch {
                #expect(expected == nil, "\(state) + \(event) refused: \(error)")
                #expect(error.state == state && error.event == event)
            }
        }
    }

    @Test func refusedTransitionLeavesTheOrderUntouched() throws {
        var order = Order(id: 1, patientID: 1, placerNumber: "P", placerAuthority: "", accessionNumber: "A",
                          procedure: CodedValue(code: "C", text: "T", codingScheme: "L"), requestedProcedureID: "A",
                          studyInstanceUID: "1.2", referringPhysician: PersonName(), reason: "", priority: "",
                          state: .inProgress, steps: [], history: [])
        #expect(throws: OrderStateMachine.IllegalTransition.self) {
            try order.apply(.cancel, cause: TransitionCause(.api, "test"), at: "20260101")
        }
        #expect(order.state == .inProgress)
        #expect(order.history.isEmpty)
        try order.apply(.complete, cause: TransitionCause(.dicom, "MPPS COMPLETED"), at: "20260102")
        #expect(order.state == .completed)
        #expect(order.history.map(\.cause.kind) == [.dicom])
    }
}
