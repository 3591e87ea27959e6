/// Everything a node keeps durable: what the engine is opened on. The store API has no database in
/// it; `SQLiteStore` (the embedded default) implements it, and another database would be its sibling.
public typealias Store = JournalStore & OutboxStore & WorkflowEventStore & DICOMOutboxStore & InstanceIndexStore
    & PriorRetrievalStore & TokenStore
