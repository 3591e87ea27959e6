import AccessControl
import Engine
import Foundation
import Testing

@Suite struct SecuritySettingsTests {
    @Test func noSecurityBlockMeansNoOIDC() throws {
        #expect(try EngineConfiguration(yaml: "").security.oidc == nil)
        #expect(try EngineConfiguration(yaml: "security: {}").security.oidc == nil)
    }

    @Test func oidcBlockParsesWithItsDefaults() throws {
        let configuration = try EngineConfiguration(yaml: """
            security:
              oidc:
                issuer: https://idp.hospital.org/realms/radiology
                audience: radbridge
                jwksURL: https://idp.hospital.org/realms/radiology/protocol/openid-connect/certs
                roleMap: { radiology-readers: viewer, pacs-operators: Operator, radbridge-admins: admin }
            """)
        let oidc = try #require(configuration.security.oidc)
        #expect(oidc == OIDCConfiguration(
            issuer: "https://idp.hospital.org/realms/radiology", audiences: ["radbridge"],
            keySet: .url(URL(string: "https://idp.hospital.org/realms/radiology/protocol/openid-connect/certs")!),
            rolesClaim: "roles",
            roleMap: ["radiology-readers": .viewer, "pacs-operators": .operator, "radbridge-admins": .admin],
            smartScopes: true, leeway: 60, refreshInterval: 60, keySetMaxAge: 3600))
    }

    @Test func everyKeyCanBeSet() throws {
        let oidc = try #require(try EngineConfiguration(yaml: """
            security:
              oidc:
                issuer: https://idp
                audience: [radbridge, radbridge-fhir]
                jwksFile: /etc/radbridge/jwks.json
                rolesClaim: realm_access.roles
                smartScopes: false
                roleMap: { g: viewer }
                leeway: 0
                jwksRefreshInterval: 5m
                jwksMaxAge: 1d
            """).security.oidc)
        #expect(oidc.audiences == ["radbridge", "radbridge-fhir"])
        #expect(oidc.keySet == .file(URL(fileURLWithPath: "/etc/radbridge/jwks.json")))
        #expect(oidc.rolesClaim == "realm_access.roles" && !oidc.smartScopes)
        #expect(oidc.leeway == 0 && oidc.refreshInterval == 300 && oidc.keySetMaxAge == 86_400)
    }

    @Test func mistakesAreNamed() {
        let cases: [(String, String)] = [
            ("{ audience: a, jwksFile: f }", "security.oidc: issuer is required"),
            ("{ issuer: i, jwksFile: f }", "security.oidc: audience is required"),
            ("{ issuer: i, audience: a }", "security.oidc: jwksURL or jwksFile is required"),
            ("{ issuer: i, audience: a, jwksFile: f, jwksURL: 'https://x/j' }", "security.oidc: jwksURL and jwksFile exclude each other"),
            ("{ issuer: i, audience: a, jwksURL: 'ftp://x/j' }", "security.oidc: jwksURL must be an https (or http) URL"),
            ("{ issuer: i, audience: a, jwksFile: f, roleMap: { g: root } }",
             "security.oidc: roleMap maps 'g' to 'root', which is not viewer, operator or admin"),
            ("{ issuer: i, audience: a, jwksFile: f, leeway: soon }", "security.oidc: leeway 'soon' is not a duration like 60s, 5m or 1h"),
            ("{ issuer: i, audience: a, jwksFile: f, leeway: 1h }", "security.oidc: leeway must be 0 to 10 minutes"),
            ("{ issuer: i, audience: a, jwksFile: f, smartScopes: false }",
             "security.oidc: roleMap is empty and smartScopes off: no token could have a role"),
        ]
        for (block, message) in cases {
            #expect(throws: ConfigurationError.invalidValue(message), "\(block)") {
                try EngineConfiguration(yaml: "security:\n  oidc: \(block)\n")
            }
        }
    }
}
