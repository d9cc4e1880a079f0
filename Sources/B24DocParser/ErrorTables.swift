import B24DocModel
import CLibXML2

/// The columns of an error table, by what their header says.
struct ErrorColumns {
    var code: Int
    var description: Int?
    var message: Int?
    var status: Int?
}

/// Error tables: the page's own codes and the shared system-error table.
extension Extractor {
    static let systemCodes: Set<String> = [
        "INTERNAL_SERVER_ERROR", "ERROR_UNEXPECTED_ANSWER", "QUERY_LIMIT_EXCEEDED", "ERROR_BATCH_METHOD_NOT_ALLOWED",
        "ERROR_BATCH_LENGTH_EXCEEDED", "NO_AUTH_FOUND", "INVALID_REQUEST", "OVERLOAD_LIMIT", "ACCESS_DENIED",
        "INVALID_CREDENTIALS", "ERROR_MANIFEST_IS_NOT_AVAILABLE", "INSUFFICIENT_SCOPE", "EXPIRED_TOKEN",
        "USER_ACCESS_ERROR", "PORTAL_DELETED", "ALLOWED_ONLY_INTRANET_USER", "METHOD_CONFIRM_WAITING",
        "METHOD_CONFIRM_DENIED", "OPERATION_TIME_LIMIT",
    ]

    static func errorCode(_ cell: Node) -> String {
        let text = HTMLText.text(cell, lines: true)
        // The first non-empty line (the text builder never starts with or doubles a newline).
        let first = text.utf8.firstIndex(of: 0x0A).map { String(text[..<$0]) } ?? text
        return first.trimmed(in: ["`", " "])
    }

    static func looksSystem(_ grid: Grid, cols: ErrorColumns) -> Bool {
        var hits = 0
        var total = 0
        for row in grid.rows.dropFirst() where cols.code < row.count {
            total += 1
            if systemCodes.contains(errorCode(row[cols.code].node).uppercased()) { hits += 1 }
        }
        return total >= 3 && hits * 2 >= total
    }

    mutating func readErrors(_ grid: Grid, cols: ErrorColumns, line: Int, underSystemHeading: Bool, sectionStatus: Int? = nil) {
        let system = underSystemHeading || Self.looksSystem(grid, cols: cols)
        if system && !underSystemHeading {
            warn(line, "system-error table without its heading; recognised by its codes")
        }
        for (r, row) in grid.rows.enumerated().dropFirst() {
            let rowLine = (grid.rowNodes[r].line - 1) + line - (grid.rowNodes.first?.line ?? 1) + 1
            guard cols.code < row.count else {
                warn(rowLine, "error row with fewer cells than the header")
                continue
            }
            let code = Self.errorCode(row[cols.code].node)
            var e = ErrorCode(code: code, system: system, line: rowLine)
            if let d = cols.description, d < row.count, d != cols.code {
                e.description = HTMLText.text(row[d].node)
            } else if let m = cols.message, m < row.count, m != cols.code {
                e.description = HTMLText.text(row[m].node)
            } else {
                // Message under the code in the same cell.
                let lines = HTMLText.text(row[cols.code].node, lines: true).split(separator: "\n")
                if lines.count > 1 { e.description = lines.dropFirst().joined(separator: " ") }
            }
            if let s = cols.status, s < row.count {
                let t = HTMLText.text(row[s].node)
                let digits = t.prefix { $0.isNumber }
                if digits.count == 3 { e.httpStatus = Int(digits) }
            }
            if e.httpStatus == nil && !system { e.httpStatus = sectionStatus }
            if code.isEmpty { warn(rowLine, "error code cell is empty") }
            page.errors.append(e)
        }
    }
}
