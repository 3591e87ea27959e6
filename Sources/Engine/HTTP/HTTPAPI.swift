import Foundation
import Hummingbird
import Logging
import Store

/// The HTTP API: one router of route collections (one per resource) over `RadBridgeRequestContext`.
enum HTTPAPI {
    static func router(store: any Store, configuration: EngineConfiguration,
                       delivery: DeliveryService, workflow: WorkflowService? = nil,
                       inbound: InboundProcessor? = nil, instances: URL? = nil,
                       priors: PriorRetrievalService? = nil, hosts: AllowedHosts? = nil) -> Router<RadBridgeRequestContext> {
        let router = Router(context: RadBridgeRequestContext.self)
        // Router-wide, so that they also reach the not-found answer: the host check first, then
        // problem documents for the router's own errors, then OperationOutcomes under /fhir.
        if let hosts { router.add(middleware: CrossSiteGuard(hosts: hosts)) }
        router.add(middleware: ProblemDocumentMiddleware())
        router.add(middleware: FHIRErrorMiddleware())
        router.addRoutes(openAPIRoutes())
        if let workflow {
            router.addRoutes(workflowRoutes(workflow: workflow))
            router.addRoutes(terminologyRoutes(workflow: workflow))
            router.addRoutes(dicomForwardingRoutes(store: store, workflow: workflow, priors: priors))
            router.addRoutes(priorsRoutes(workflow: workflow, priors: priors))
            let application = (try? configuration.workflow.domain().application) ?? "RADBRIDGE"
            router.addRoutes(fhirRoutes(workflow: workflow, inbound: inbound, settings: .engine(application: application)))
            router.addRoutes(mpiRoutes(workflow: workflow, configuration: configuration))
            if let instances {
                router.addRoutes(dicomwebRoutes(workflow: workflow, index: store, instances: instances,
                                                maxRequestBytes: configuration.dicom.stowMaxBytes,
                                                maxPartBytes: configuration.dicom.stowMaxPartBytes))
            }
        }
        router.addRoutes(senderRoutes(store: store))
        router.addRoutes(journalRoutes(store: store, configuration: configuration))
        router.addRoutes(resendRoutes(store: store, delivery: delivery))
        return router
    }
}
