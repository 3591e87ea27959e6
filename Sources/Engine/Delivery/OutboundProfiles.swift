import Workflow

/// The renderer of each destination that names an interface profile (`destinations.X.profile`).
struct OutboundProfiles: Sendable {
    private let renderers: [String: ProfileRenderer]

    init(configuration: EngineConfiguration) {
        // The configuration was validated when it was read, so the catalog loads.
        let catalog = (try? configuration.profileCatalog()) ?? ProfileCatalog()
        var renderers: [String: ProfileRenderer] = [:]
        for (name, destination) in configuration.destinations {
            if let profile = destination.profile.flatMap(catalog.profile(named:)) { renderers[name] = ProfileRenderer(profile: profile) }
        }
        self.renderers = renderers
    }

    func renderer(for destination: String) -> ProfileRenderer? { renderers[destination] }
}
