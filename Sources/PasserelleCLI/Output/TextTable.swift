/// A plain-text table for people: a header row, then one line per row, columns padded to line up.
///
/// Cells are put on one line (line breaks and tabs become spaces). A column may have a width cap;
/// longer cells are cut and end with `…`. Lines carry no trailing spaces. Widths count characters
/// (grapheme clusters), which suits the ASCII text the CLI prints; double-width characters would misalign.
///
/// ```swift
/// var table = TextTable(columns: [.init("CHECK"), .init("STATUS"), .init("DETAIL", maxWidth: 60)])
/// table.append(["amqp.login", "ok", "RabbitMQ 3.10.8"])
/// print(table.render(), terminator: "")
/// ```
package struct TextTable: Sendable {
    /// How a column's cells sit within its width.
    package enum Alignment: Sendable {
        case left
        case right
    }

    /// One column: its header, its alignment and an optional width cap.
    package struct Column: Sendable {
        package var header: String
        package var alignment: Alignment
        /// The widest a cell (or the header) may be, in characters, `…` included. `nil` for no cap.
        package var maxWidth: Int?

        package init(_ header: String, alignment: Alignment = .left, maxWidth: Int? = nil) {
            self.header = header
            self.alignment = alignment
            self.maxWidth = maxWidth.map { max(1, $0) }
        }
    }

    package var columns: [Column]
    private(set) var rows: [[String]] = []
    /// The text between two columns.
    package var separator = "  "

    package init(columns: [Column]) {
        self.columns = columns
    }

    /// Creates a table of left-aligned, uncapped columns.
    package init(headers: [String]) {
        self.init(columns: headers.map { Column($0) })
    }

    /// Adds a row. Missing cells are empty; cells beyond the last column are dropped.
    package mutating func append(_ row: [String]) {
        self.rows.append(row)
    }

    /// The table as text, one line per row after the header, each line ending in a newline.
    package func render() -> String {
        let lines = ([self.columns.map(\.header)] + self.rows).map { row in
            self.columns.indices.map { index in
                self.fit(index < row.count ? row[index] : "", in: self.columns[index])
            }
        }
        let widths = self.columns.indices.map { index in lines.map { $0[index].count }.max() ?? 0 }
        var output = ""
        for line in lines {
            var cells: [String] = []
            for (index, cell) in line.enumerated() {
                let padding = String(repeating: " ", count: widths[index] - cell.count)
                switch self.columns[index].alignment {
                case .left: cells.append(cell + padding)
                case .right: cells.append(padding + cell)
                }
            }
            var text = cells.joined(separator: self.separator)
            while text.last == " " {
                text.removeLast()
            }
            output += text + "\n"
        }
        return output
    }

    /// Puts `text` on one line and cuts it to the column's cap.
    private func fit(_ text: String, in column: Column) -> String {
        let oneLine = text.split(whereSeparator: { $0.isNewline || $0 == "\t" }).joined(separator: " ")
        guard let limit = column.maxWidth, oneLine.count > limit else {
            return oneLine
        }
        return String(oneLine.prefix(limit - 1)) + "…"
    }
}
