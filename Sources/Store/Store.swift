/// Everything the engine keeps durable.
public typealias Store = JournalStore & OutboxStore & WorkflowEventStore
