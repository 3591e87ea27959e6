import Foundation
import Hummingbird
import Logging
import Store

/// The JSON API: health, the journal, destinations, resend.
enum HTTPAPI {
    static func router(store: SQLiteStore, configuration: EngineConfiguration,
                       delivery: DeliveryService, workflow: WorkflowService? = nil,
                       inbound: InboundProcessor? = nil, instances: URL? = nil,
                       priors: PriorRetrievalService? = nil, hosts: AllowedHosts? = nil) -> Router<BasicRequestContext> {
        let router = Router()
        // First, so that it also guards every route and the not-found answer.
        if let hosts { router.add(middleware: CrossSiteGuard(hosts: hosts)) }
        addOpenAPIRoute(to: router)
        if let workflow { addWorkflowRoutes(to: router, workflow: workflow) }
        if let workflow { addDICOMForwardingRoutes(to: router, store: store, workflow: workflow, priors: priors) }
        if let workflow { addPriorsRoutes(to: router, workflow: workflow, priors: priors) }
        if let workflow {
            let application = (try? configuration.workflow.domain().application) ?? "RADBRIDGE"
            addFHIRRoutes(to: router, workflow: workflow, inbound: inbound, settings: .engine(application: application))
        }
        if let workflow { addMPIRoutes(to: router, workflow: workflow, configuration: configuration) }
        if let workflow, let instances {
            addDICOMwebRoutes(to: router, workflow: workflow, index: store, instances: instances,
                              maxRequestBytes: configuration.dicom.stowMaxBytes, maxPartBytes: configuration.dicom.stowMaxPartBytes)
        }
        addSenderRoutes(to: router, store: store)
        router.get("/healthz") { _, _ in
            JSONResponse.make(["status": "ok"])
        }
        router.get("/api/messages") { request, _ in
            let query = request.uri.queryParameters
            var journalQuery = JournalQuery()
            if let status = query.get("status") {
                guard let value = JournalStatus(rawValue: status) else {
                    throw ProblemDocument(.badRequest, "Unknown status",
                                          detail: "status must be one of accepted, rejected, duplicate, outbound")
                }
                journalQuery.status = value
            }
            journalQuery.messageType = query.get("type")
            journalQuery.controlID = query.get("controlId")
            if let limit = query.get("limit") {
                guard let value = Int(limit), (1...10_000).contains(value) else {
                    throw ProblemDocument(.badRequest, "Invalid limit", detail: "limit must be 1…10000")
                }
                journalQuery.limit = value
            }
            let entries = try await store.journalEntries(journalQuery)
            return JSONResponse.make(entries.map(MessageSummary.init))
        }
        router.get("/api/messages/:id") { _, context in
            let id = try messageID(context)
            guard let entry = try await store.journalEntry(id: id) else {
                throw ProblemDocument(.notFound, "No such message", detail: "journal has no entry \(id)")
            }
            return JSONResponse.make(MessageDetail(entry))
        }
        addResendRoute(to: router, store: store, delivery: delivery)
        router.get("/api/destinations") { _, _ in
            let statistics = Dictionary(uniqueKeysWithValues: try await store.destinationStatistics().map { ($0.name, $0) })
            let names = Set(configuration.destinations.keys).union(statistics.keys).sorted()
            let statuses = names.map { name in
                let destination = configuration.destinations[name]
                let stats = statistics[name]
                return DestinationStatus(name: name, mllp: destination?.mllp.description ?? "",
                                         ordering: destination?.ordering.rawValue ?? "",
                                         pending: stats?.pending ?? 0, delivered: stats?.delivered ?? 0,
                                         deadLetters: stats?.deadLetters ?? 0, lastError: stats?.lastError,
                                         lastErrorAt: stats?.lastErrorAt)
            }
            return JSONResponse.make(statuses)
        }
        return router
    }

    static func messageID(_ context: BasicRequestContext) throws -> Int64 {
        guard let id = context.parameters.get("id", as: Int64.self) else {
            throw ProblemDocument(.badRequest, "Invalid message id", detail: "the id must be an integer")
        }
        return id
    }
}
