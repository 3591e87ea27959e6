import DICOM

/// Decides the A-ASSOCIATE-AC for an A-ASSOCIATE-RQ: AE title checks first, then one result per
/// proposed presentation context, then role selection. Pure, so each rule is testable alone.
public struct PresentationContextNegotiator: Sendable {
    public let policy: AcceptorPolicy
    public let services: [any DIMSEService]

    public init(policy: AcceptorPolicy, services: [any DIMSEService]) {
        self.policy = policy
        self.services = services
    }

    public enum Outcome: Sendable {
        case accept(AssociateAccept, [UInt8: NegotiatedContext])
        case reject(AssociateReject)
    }

    public func negotiate(_ request: AssociateRequest) -> Outcome {
        if request.protocolVersion & 1 == 0 {
            return .reject(AssociateReject(result: .permanent, source: .serviceProviderACSE, reason: AssociateReject.protocolVersionNotSupported))
        }
        if request.applicationContext != AssociateRequest.applicationContextName {
            return .reject(AssociateReject(result: .permanent, source: .serviceUser, reason: AssociateReject.applicationContextNotSupported))
        }
        if policy.requireCalledAETitle && request.calledAETitle != policy.aeTitle {
            return .reject(AssociateReject(result: .permanent, source: .serviceUser, reason: AssociateReject.calledAETitleNotRecognized))
        }
        if let allowed = policy.allowedCallingAETitles, !allowed.contains(request.callingAETitle) {
            return .reject(AssociateReject(result: .permanent, source: .serviceUser, reason: AssociateReject.callingAETitleNotRecognized))
        }
        var results: [PresentationContextResult] = []
        var accepted: [UInt8: NegotiatedContext] = [:]
        for proposal in request.presentationContexts {
            let fallback = proposal.transferSyntaxes.first ?? TransferSyntax.implicitVRLittleEndian.uid
            guard let service = services.first(where: { $0.accepts(sopClassUID: proposal.abstractSyntax) }) else {
                results.append(PresentationContextResult(id: proposal.id, result: .abstractSyntaxNotSupported, transferSyntax: fallback))
                continue
            }
            guard let chosen = Self.choose(from: proposal.transferSyntaxes, supported: service.transferSyntaxes(for: proposal.abstractSyntax)) else {
                results.append(PresentationContextResult(id: proposal.id, result: .transferSyntaxesNotSupported, transferSyntax: fallback))
                continue
            }
            results.append(PresentationContextResult(id: proposal.id, result: .acceptance, transferSyntax: chosen))
            accepted[proposal.id] = NegotiatedContext(id: proposal.id, abstractSyntax: proposal.abstractSyntax, transferSyntax: chosen)
        }
        var user = UserInformation(maximumLength: policy.maximumPDULength, implementationClassUID: policy.implementationClassUID,
                                   implementationVersionName: policy.implementationVersionName)
        // We only act as SCP: a requestor may keep its SCU role, never gets ours (PS3.7 §D.3.3.4).
        user.roleSelections = request.userInformation.roleSelections.map {
            RoleSelection(sopClassUID: $0.sopClassUID, scuRole: $0.scuRole, scpRole: false)
        }
        if request.userInformation.asynchronousOperations != nil { user.asynchronousOperations = (1, 1) }
        let accept = AssociateAccept(calledAETitle: request.calledAETitle, callingAETitle: request.callingAETitle,
                                     presentationContexts: results, userInformation: user)
        return .accept(accept, accepted)
    }

    /// Our preference among the proposed syntaxes: explicit VR LE, implicit VR LE, then the
    /// first supported one in the requestor's order. A service that keeps data as received takes
    /// the requestor's first choice, so a compressed image is not decompressed for us.
    static func choose(from proposed: [String], supported: TransferSyntaxSupport) -> String? {
        let usable = proposed.filter { supported.contains($0) }
        if case .any = supported { return usable.first }
        for preferred in [TransferSyntax.explicitVRLittleEndian.uid, TransferSyntax.implicitVRLittleEndian.uid] where usable.contains(preferred) {
            return preferred
        }
        return usable.first
    }
}
