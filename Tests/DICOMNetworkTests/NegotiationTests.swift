import DICOM
@testable import DICOMNetwork
import Testing

@Suite struct NegotiationTests {
    let services: [any DIMSEService] = [VerificationService(), StorageService { _ in }]

    func negotiator(_ configure: (inout AcceptorPolicy) -> Void = { _ in }) -> PresentationContextNegotiator {
        var policy = AcceptorPolicy(aeTitle: "RADBRIDGE")
        configure(&policy)
        return PresentationContextNegotiator(policy: policy, services: services)
    }

    func request(called: String = "RADBRIDGE", calling: String = "MODALITY", _ contexts: [PresentationContextProposal]) -> AssociateRequest {
        AssociateRequest(calledAETitle: called, callingAETitle: calling, presentationContexts: contexts,
                         userInformation: UserInformation(maximumLength: 16_384, implementationClassUID: "1.2.3"))
    }

    @Test func wrongCalledAETitleIsRejected() {
        guard case .reject(let reject) = negotiator().negotiate(request(called: "OTHER", [])) else { Issue.record("accepted"); return }
        #expect(reject.reason == AssociateReject.calledAETitleNotRecognized)
        #expect(reject.source == .serviceUser && reject.result == .permanent)
    }

    @Test func unknownCallingAETitleIsRejectedWhenAListIsSet() {
        let strict = negotiator { $0.allowedCallingAETitles = ["CT1"] }
        guard case .reject(let reject) = strict.negotiate(request([])) else { Issue.record("accepted"); return }
        #expect(reject.reason == AssociateReject.callingAETitleNotRecognized)
        guard case .accept = strict.negotiate(request(calling: "CT1", [])) else { Issue.record("rejected"); return }
    }

    @Test func contextsAreAnsweredOneByOne() {
        let outcome = negotiator().negotiate(request([
            PresentationContextProposal(id: 1, abstractSyntax: VerificationService.sopClassUID, transferSyntaxes: ["1.2.840.10008.1.2", "1.2.840.10008.1.2.1"]),
            PresentationContextProposal(id: 3, abstractSyntax: "1.2.840.10008.5.1.4.31", transferSyntaxes: ["1.2.840.10008.1.2"]),
            PresentationContextProposal(id: 5, abstractSyntax: VerificationService.sopClassUID, transferSyntaxes: ["1.2.840.10008.1.2.4.50"]),
            PresentationContextProposal(id: 7, abstractSyntax: "1.2.840.10008.5.1.4.1.1.2", transferSyntaxes: ["1.2.840.10008.1.2.4.90"]),
        ]))
        guard case .accept(let accept, let contexts) = outcome else { Issue.record("rejected"); return }
        let results = Dictionary(uniqueKeysWithValues: accept.presentationContexts.map { ($0.id, $0) })
        #expect(results[1]?.result == .acceptance)
        #expect(results[1]?.transferSyntax == "1.2.840.10008.1.2.1")  // explicit VR LE preferred
        #expect(results[3]?.result == .abstractSyntaxNotSupported)
        #expect(results[5]?.result == .transferSyntaxesNotSupported)
        #expect(results[7]?.result == .acceptance)  // storage keeps compressed data as received
        #expect(Set(contexts.keys) == [1, 7])
        #expect(accept.userInformation.maximumLength == 65_536)
    }

    @Test func roleSelectionNeverGivesAwayTheSCPRole() {
        var proposal = request([PresentationContextProposal(id: 1, abstractSyntax: "1.2.840.10008.5.1.4.1.1.2", transferSyntaxes: ["1.2.840.10008.1.2"])])
        proposal.userInformation.roleSelections = [RoleSelection(sopClassUID: "1.2.840.10008.5.1.4.1.1.2", scuRole: true, scpRole: true)]
        guard case .accept(let accept, _) = negotiator().negotiate(proposal) else { Issue.record("rejected"); return }
        #expect(accept.userInformation.roleSelections == [RoleSelection(sopClassUID: "1.2.840.10008.5.1.4.1.1.2", scuRole: true, scpRole: false)])
    }

    @Test func wrongApplicationContextIsRejected() {
        var bad = request([])
        bad.applicationContext = "1.2.3.4"
        guard case .reject(let reject) = negotiator().negotiate(bad) else { Issue.record("accepted"); return }
        #expect(reject.reason == AssociateReject.applicationContextNotSupported)
    }
}
