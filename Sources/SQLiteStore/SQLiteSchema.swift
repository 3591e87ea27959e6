import GRDB

enum SQLiteSchema {
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1") { db in
            try db.execute(sql: """
                CREATE TABLE journal (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    raw BLOB NOT NULL,
                    peer TEXT NOT NULL,
                    received_at DOUBLE NOT NULL,
                    control_id TEXT,
                    message_type TEXT,
                    sending_application TEXT,
                    sending_facility TEXT,
                    status TEXT NOT NULL,
                    error TEXT,
                    duplicate_of INTEGER REFERENCES journal(id)
                );
                CREATE UNIQUE INDEX journal_accepted_identity
                    ON journal(sending_application, sending_facility, control_id) WHERE status = 'accepted';
                CREATE INDEX journal_status ON journal(status, id);
                CREATE INDEX journal_type ON journal(message_type, id);
                CREATE INDEX journal_control_id ON journal(control_id);

                CREATE TABLE outbox (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    destination TEXT NOT NULL,
                    journal_id INTEGER NOT NULL REFERENCES journal(id),
                    ordering_key TEXT NOT NULL,
                    state TEXT NOT NULL,
                    attempts INTEGER NOT NULL DEFAULT 0,
                    next_attempt_at DOUBLE NOT NULL,
                    last_error TEXT,
                    updated_at DOUBLE NOT NULL
                );
                CREATE INDEX outbox_pending ON outbox(destination, id) WHERE state = 'pending';
                CREATE INDEX outbox_pending_key ON outbox(destination, ordering_key, id) WHERE state = 'pending';
                CREATE INDEX outbox_journal ON outbox(journal_id);
                CREATE INDEX outbox_state ON outbox(destination, state);
                """)
        }
        migrator.registerMigration("v2-workflow-events") { db in
            try db.execute(sql: """
                CREATE TABLE workflow_events (
                    seq INTEGER PRIMARY KEY AUTOINCREMENT,
                    event BLOB NOT NULL,
                    recorded_at DOUBLE NOT NULL
                );
                """)
        }
        registerInstanceIndex(in: &migrator)
        migrator.registerMigration("v4-dicom-outbox", migrate: SQLiteStore.migrateDICOMOutbox)
        migrator.registerMigration("v5-prior-retrievals", migrate: SQLiteStore.migratePriorRetrievals)
        migrator.registerMigration("v6-fewer-journal-index-writes") { db in
            // Each index an accepted message enters is one more page in every commit's log write.
            // Accepted messages, nearly all of them, now enter one index for their identity
            // (duplicate check and control ID lookups alike) and one for their type; status and
            // control ID indexes keep only the others. A query for accepted ones reads the journal
            // backwards, where they are nearly every row.
            try db.execute(sql: """
                DROP INDEX journal_status;
                DROP INDEX journal_control_id;
                DROP INDEX journal_accepted_identity;
                CREATE UNIQUE INDEX journal_accepted_identity
                    ON journal(control_id, sending_application, sending_facility) WHERE status = 'accepted';
                CREATE INDEX journal_unaccepted_status ON journal(status, id) WHERE status <> 'accepted';
                CREATE INDEX journal_unaccepted_control_id ON journal(control_id) WHERE status <> 'accepted';
                """)
        }
        migrator.registerMigration("v7-dicom-instances-by-path", migrate: keyInstanceIndexByPath)
        migrator.registerMigration("v8-journal-warnings") { db in
            // Warnings as JSON, NULL for a message without any (no extra row or index entry for it);
            // the per-sender counts are written only by messages that have warnings.
            try db.execute(sql: """
                ALTER TABLE journal ADD COLUMN warnings TEXT;
                CREATE TABLE sender_warning_counts (
                    sending_application TEXT NOT NULL,
                    sending_facility TEXT NOT NULL,
                    kind TEXT NOT NULL,
                    messages INTEGER NOT NULL,
                    PRIMARY KEY (sending_application, sending_facility, kind)
                ) WITHOUT ROWID;
                """)
        }
        migrator.registerMigration("v9-api-tokens", migrate: SQLiteStore.migrateAPITokens)
        return migrator
    }
}
