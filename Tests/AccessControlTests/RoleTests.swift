import Testing
@testable import AccessControl

@Suite struct RoleTests {
    @Test func rolesAreOrderedAndIncludeTheOnesBelow() {
        #expect(Role.viewer < .operator && Role.operator < .admin)
        #expect(Role.viewer.permissions == [.read])
        #expect(Role.operator.permissions == [.read, .operate])
        #expect(Role.admin.permissions == [.read, .operate, .administer])
        #expect(!Role.viewer.grants(.operate))
        #expect(Role.operator.grants(.read) && !Role.operator.grants(.administer))
        #expect(Role(name: "Operator") == .operator && Role(name: "root") == nil)
    }

    @Test func principalHasWhatItsHighestRoleHas() {
        let principal = AuthenticatedCaller(name: "ris", method: .oidc(issuer: "https://idp"), roles: [.viewer, .operator])
        #expect(principal.role == .operator)
        #expect(principal.has(.operate) && !principal.has(.administer))
        #expect(principal.description == "oidc:ris")
        #expect(AuthenticatedCaller(name: "ci", method: .token(id: 3), roles: [.admin]).description == "token:ci")
    }

    @Test func smartSystemScopesMapReadsToViewerAndWritesToOperator() throws {
        let rs = try #require(SMARTScope("system/*.rs"))
        #expect(rs.resourceType == "*" && rs.interactions == ["r", "s"] && rs.role == .viewer)
        #expect(try #require(SMARTScope("system/*.cruds")).role == .operator)
        let create = try #require(SMARTScope("system/ServiceRequest.c"))
        #expect(create.resourceType == "ServiceRequest" && create.role == .operator)
        #expect(try #require(SMARTScope("system/Patient.r")).role == .viewer)
        #expect(try #require(SMARTScope("system/Observation.read")).role == .viewer)       // v1
        #expect(try #require(SMARTScope("system/*.write")).role == .operator)              // v1
        #expect(try #require(SMARTScope("system/*.*")).role == .operator)                  // v1
        let narrowed = try #require(SMARTScope("system/Patient.rs?identifier=urn:oid:1.2|123"))
        #expect(narrowed.query == "identifier=urn:oid:1.2|123" && narrowed.role == .viewer)
        // Not system scopes, or not well formed: no role.
        for text in ["openid", "user/*.rs", "patient/Patient.r", "system/*.sr", "system/*.rr", "system/*.x", "system/.r", "system/*"] {
            #expect(SMARTScope(text) == nil, "\(text)")
        }
        #expect(SMARTScope.parse(["openid system/*.rs system/ServiceRequest.cu"]).map(\.description)
                == ["system/*.rs", "system/ServiceRequest.cu"])
    }

    @Test func failuresSayWhyInWWWAuthenticate() {
        #expect(AuthenticationFailure.expired.wwwAuthenticate()
                == #"Bearer realm="radbridge", error="invalid_token", error_description="token expired""#)
        #expect(AuthenticationFailure.wrongAudience.wwwAuthenticate()
                == #"Bearer realm="radbridge", error="invalid_token", error_description="wrong audience""#)
        #expect(AuthenticationFailure.unknownKey.wwwAuthenticate()
                == #"Bearer realm="radbridge", error="invalid_token", error_description="unknown signing key""#)
        #expect(AuthenticationFailure.missingCredentials.wwwAuthenticate() == #"Bearer realm="radbridge""#)
        #expect(AuthenticationFailure.insufficientRole.status == 403)
        #expect(AuthenticationFailure.insufficientRole.wwwAuthenticate().contains(#"error="insufficient_scope""#))
        #expect(AuthenticationFailure.malformed("x").errorCode == "invalid_request")
        // A quote or backslash in a reason cannot break the header.
        #expect(AuthenticationFailure.algorithmNotAllowed("A\"B\\C").wwwAuthenticate().hasSuffix(#"error_description="algorithm ABC not allowed""#))
        #expect(AuthenticationFailure.expired.status == 401)
    }
}
