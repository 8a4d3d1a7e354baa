extension PostgresConnection {
    /// The SQLSTATE reported when COMMIT found the transaction already aborted (`in_failed_sql_transaction`).
    public static let abortedTransactionState = "25P02"

    /// Runs `body` between BEGIN and COMMIT; any error from `body` rolls back and is rethrown.
    ///
    /// If ROLLBACK itself fails the connection is closed (and a pool drops it), since its transaction
    /// state is unknown. When the connection broke, no ROLLBACK is sent: the server already rolled the
    /// session's transaction back when it lost it. A COMMIT that the server turns into a ROLLBACK (the
    /// body caught a failing statement and went on) throws `.query(sqlState: "25P02", ...)`.
    public func transaction<T>(_ body: (PostgresConnection) throws(PostgresError) -> T) throws(PostgresError) -> T {
        try execute("BEGIN")
        let value: T
        do {
            value = try body(self)
        } catch {
            rollBackAfterFailure()
            throw error
        }
        let commit: PostgresResult
        do {
            commit = try execute("COMMIT")
        } catch {
            rollBackAfterFailure()
            throw error
        }
        guard commit.commandTag != "ROLLBACK" else {
            throw .query(sqlState: Self.abortedTransactionState,
                         message: "the transaction was aborted by an earlier error and rolled back at COMMIT")
        }
        return value
    }

    /// Ends a failed transaction: ROLLBACK, or close the connection when even that fails.
    func rollBackAfterFailure() {
        guard !needsReset, !isClosed else { return }
        do {
            try execute("ROLLBACK")
        } catch {
            close()
        }
    }
}
