import Foundation
import Testing

@Suite(.serialized) struct TokenCommandTests {
    @Test func createPrintsTheTokenOnceListNeverShowsItRevokeRefusesIt() async throws {
        let data = FileManager.default.temporaryDirectory.appendingPathComponent("radbridge-cli-tokens-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: data) }
        let created = try await CLIRunner.run(["token", "create", "--data", data, "--role", "operator", "--name", "pacs-console", "--expires", "90d"])
        #expect(created.status == 0, "\(created.stderr)")
        let token = try #require(created.lines.first)
        #expect(created.lines.count == 1 && token.hasPrefix("radbridge_") && token.count == 53)
        #expect(created.stderr.contains("created token 'pacs-console' (id 1, role operator, expires "))
        #expect(created.stderr.contains("shown only now") && !created.stderr.contains(token))

        let viewer = try await CLIRunner.run(["token", "create", "--data", data, "--role", "viewer", "--name", "wall"])
        #expect(viewer.status == 0 && viewer.stderr.contains("does not expire"))
        let duplicate = try await CLIRunner.run(["token", "create", "--data", data, "--role", "admin", "--name", "wall"])
        #expect(duplicate.status != 0 && duplicate.stderr.contains("a token named 'wall' exists already"))

        let table = try await CLIRunner.run(["token", "list", "--data", data])
        #expect(table.status == 0)
        #expect(table.lines.first?.hasPrefix("ID  NAME          ROLE      STATUS  CREATED") == true)
        #expect(table.lines.count == 3 && table.lines[1].contains("pacs-console  operator  active"))
        #expect(table.lines[2].hasPrefix("2   wall") && table.lines[2].split(separator: " ").suffix(2) == ["never", "never"])
        let json = try await CLIRunner.run(["token", "list", "--data", data, "--json"])
        let listed = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout)) as? [[String: Any]])
        #expect(listed.map { $0["name"] as? String } == ["pacs-console", "wall"])
        #expect(Set(listed[0].keys) == ["id", "name", "role", "status", "createdAt", "expiresAt"])
        for output in [table.text, json.text] {
            #expect(!output.contains(token) && !output.contains(token.dropFirst(10)) && !output.lowercased().contains("hash"))
        }

        let revoked = try await CLIRunner.run(["token", "revoke", "--data", data, "pacs-console"])
        #expect(revoked.status == 0 && revoked.lines == ["revoked token 'pacs-console' (id 1, role operator)"])
        let byID = try await CLIRunner.run(["token", "revoke", "--data", data, "2"])
        #expect(byID.status == 0 && byID.lines == ["revoked token 'wall' (id 2, role viewer)"])
        let after = try await CLIRunner.run(["token", "list", "--data", data, "--json"])
        let statuses = try #require(try JSONSerialization.jsonObject(with: Data(after.stdout)) as? [[String: Any]]).map { $0["status"] as? String }
        #expect(statuses == ["revoked", "revoked"])
        let unknown = try await CLIRunner.run(["token", "revoke", "--data", data, "pacs-console"])
        #expect(unknown.status != 0 && unknown.stderr.contains("no token 'pacs-console'"))
    }

    @Test func badArgumentsAreRefusedBeforeAnythingIsStored() async throws {
        let data = FileManager.default.temporaryDirectory.appendingPathComponent("radbridge-cli-tokens-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: data) }
        let role = try await CLIRunner.run(["token", "create", "--data", data, "--role", "root", "--name", "x"])
        #expect(role.status != 0 && role.stderr.contains("role must be viewer, operator or admin"))
        let name = try await CLIRunner.run(["token", "create", "--data", data, "--role", "viewer", "--name", "42"])
        #expect(name.status != 0 && name.stderr.contains("not only digits"))
        let expires = try await CLIRunner.run(["token", "create", "--data", data, "--role", "viewer", "--name", "x", "--expires", "soon"])
        #expect(expires.status != 0 && expires.stderr.contains("not a duration"))
        #expect(!FileManager.default.fileExists(atPath: data))
        let list = try await CLIRunner.run(["token", "list", "--data", data])
        #expect(list.status != 0 && list.stderr.contains("no data directory"))
    }
}
