import Foundation
import GRDB
import GRDBSQLite

/// Runs a cached INSERT by binding straight to SQLite: GRDB's argument boxing cost more than the
/// insert itself on the journal's hot path. Only for plain writes that GRDB needs not observe.
struct FastStatement {
    enum Value {
        case text(String?)
        case blob([UInt8])
        case real(Double)
        case integer(Int64?)
    }

    private static let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)

    static func run(_ db: Database, _ sql: String, _ values: [Value]) throws {
        try step(db, sql, values) { handle in
            let code = sqlite3_step(handle)
            guard code == SQLITE_DONE else { throw error(db, code, sql) }
        }
    }

    /// The first column of the first row, when it is an integer.
    static func int64(_ db: Database, _ sql: String, _ values: [Value]) throws -> Int64? {
        try step(db, sql, values) { handle in
            let code = sqlite3_step(handle)
            switch code {
            case SQLITE_ROW: return sqlite3_column_type(handle, 0) == SQLITE_INTEGER ? sqlite3_column_int64(handle, 0) : nil
            case SQLITE_DONE: return nil
            default: throw error(db, code, sql)
            }
        }
    }

    private static func step<T>(_ db: Database, _ sql: String, _ values: [Value],
                                _ body: (OpaquePointer) throws -> T) throws -> T {
        let statement = try db.cachedStatement(sql: sql)
        let handle = statement.sqliteStatement
        defer {
            sqlite3_reset(handle)
            sqlite3_clear_bindings(handle)
        }
        for (offset, value) in values.enumerated() {
            let index = Int32(offset + 1)
            let code: Int32
            switch value {
            case .text(nil), .integer(nil): code = sqlite3_bind_null(handle, index)
            case .text(let text?): code = sqlite3_bind_text(handle, index, text, -1, transient)
            case .blob(let bytes):
                code = bytes.withUnsafeBytes { sqlite3_bind_blob(handle, index, $0.baseAddress, Int32($0.count), transient) }
            case .real(let number): code = sqlite3_bind_double(handle, index, number)
            case .integer(let number?): code = sqlite3_bind_int64(handle, index, number)
            }
            guard code == SQLITE_OK else { throw error(db, code, sql) }
        }
        return try body(handle)
    }

    private static func error(_ db: Database, _ code: Int32, _ sql: String) -> DatabaseError {
        DatabaseError(resultCode: ResultCode(rawValue: code),
                      message: db.sqliteConnection.map { String(cString: sqlite3_errmsg($0)) }, sql: sql)
    }
}
