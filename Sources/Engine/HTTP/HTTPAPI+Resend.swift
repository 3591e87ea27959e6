import Foundation
import Hummingbird
import Store

/// `POST /api/messages/{id}/resend` with `{"destinations": ["ris"]}` or no body (every destination
/// the message was routed to). A destination where the message is still pending gets nothing new.
extension HTTPAPI {
    struct ResendRequest: Decodable {
        let destinations: [String]
    }

    struct ResendAnswer: Encodable {
        let queued: [String]
        let alreadyQueued: [String]
    }

    static func resendRoutes(store: any JournalStore & OutboxStore, delivery: DeliveryService) -> RouteCollection<RadBridgeRequestContext> {
        let routes = RouteCollection(context: RadBridgeRequestContext.self)
        routes.post("/api/messages/:id/resend") { request, context in
            let id = try messageID(context)
            let destinations = try await resendDestinations(request)
            guard try await store.journalEntry(id: id) != nil else {
                throw ProblemDocument(.notFound, "No such message", detail: "journal has no entry \(id)")
            }
            let outcome = try await store.resend(journalID: id, to: destinations)
            guard outcome.notRouted.isEmpty else {
                throw ProblemDocument(.badRequest, "Not routed there",
                                      detail: "message \(id) was never queued for \(outcome.notRouted.joined(separator: ", "))")
            }
            guard !outcome.queued.isEmpty || !outcome.alreadyQueued.isEmpty else {
                throw ProblemDocument(.conflict, "Nothing to resend", detail: "message \(id) was never routed")
            }
            if !outcome.queued.isEmpty { await delivery.wakeAll() }
            return JSONResponse.make(ResendAnswer(queued: outcome.queued, alreadyQueued: outcome.alreadyQueued),
                                     status: outcome.queued.isEmpty ? .ok : .accepted)
        }
        return routes
    }

    /// The destinations a resend names; nil without a body.
    private static func resendDestinations(_ request: Request) async throws -> [String]? {
        let data = try await request.body.collect(upTo: 64 * 1024)
        guard data.readableBytes > 0 else { return nil }
        guard let body = try? JSONDecoder().decode(ResendRequest.self, from: Data(buffer: data)), !body.destinations.isEmpty,
              body.destinations.allSatisfy({ !$0.isEmpty }) else {
            throw ProblemDocument(.badRequest, "Invalid body", detail: #"expected {"destinations": ["name", ...]} or no body"#)
        }
        var seen = Set<String>()
        return body.destinations.filter { seen.insert($0).inserted }
    }
}
