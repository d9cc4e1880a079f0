@testable import B24DocParser
import B24DocModel
import Testing

/// What a page says a method does to data (issue 10): small pages in our own words, one phrasing each.
@Suite struct EffectTests {
    /// A method page: H1, summary, a parameter table, and optional extra markup after it.
    static func page(title: String, summary: String, rows: [(String, String, String)], after: String = "") -> [UInt8] {
        let cells = rows.map { name, type, text in
            "<tr><td><strong>\(name)</strong><br/><code>\(type)</code></td><td>\(text)</td></tr>"
        }.joined(separator: "\n")
        return Array("""
            <h1>\(title)</h1>
            <p>Who can execute the method: any user</p>
            <p>\(summary)</p>
            <h2 id="method-parameters">Method Parameters</h2>
            <table><tbody><tr><td><strong>Name</strong><br/><code>type</code></td><td><strong>Description</strong></td></tr>
            \(cells)
            </tbody></table>
            \(after)
            """.utf8)
    }

    static func evidence(_ bytes: [UInt8]) -> [Evidence.Kind: String] {
        let (page, _) = DocParser.parse(bytes, path: "api-reference/demo/page.html")
        var out: [Evidence.Kind: String] = [:]
        for e in page.evidence { out[e.kind] = e.reason }
        return out
    }

    @Test func aQueueReadThatDeletesByDefaultConsumes() {
        let more = """
            <h3 id="more">Additional Parameters</h3>
            <table><tbody><tr><td><strong>Name</strong><br/><code>type</code></td><td><strong>Description</strong></td></tr>
            <tr><td><strong>purge</strong><br/><code>integer</code></td><td>Values: <code>0|1</code> — whether the selected entries are deleted afterwards. Default is <code>1</code></td></tr>
            </tbody></table>
            """
        let bytes = Self.page(title: "Take Queued Notes demo.queue.take", summary: "The method demo.queue.take gives back the oldest queued notes and returns them in order.",
                              rows: [("limit", "integer", "How many notes at most.")], after: more)
        let (page, _) = DocParser.parse(bytes, path: "api-reference/demo/page.html")
        // The additional table's rows are parameters of the call, not a table of their own.
        #expect(page.parameters.map(\.name) == ["limit", "purge"])
        #expect(page.extraParameterTables.isEmpty)
        let found = Self.evidence(bytes)
        #expect(found[.reads] != nil)
        #expect(found[.consumes] == "returned items are deleted unless `purge` is 0")
    }

    @Test func aFlagThatDeletesOnlyWhenAskedStillConsumes() {
        let bytes = Self.page(title: "Get Inbox Messages demo.inbox.get", summary: "Retrieves messages waiting in the inbox.",
                              rows: [("DROP", "string", "Pass Y/N: Y removes the received messages from the inbox. Default: N")])
        #expect(Self.evidence(bytes)[.consumes] == "returned items are deleted when `DROP` is Y")
    }

    @Test func aTitleThatPromisesCleanupConsumes() {
        let bytes = Self.page(title: "Fetch Signals With Cleanup demo.signal.fetch", summary: "Fetches pending signals.", rows: [("limit", "integer", "Cap.")])
        #expect(Self.evidence(bytes)[.consumes] == "the title says reading also cleans up what it returns")
    }

    @Test func anOrdinaryReadNeitherConsumesNorWrites() {
        let bytes = Self.page(title: "Get a Note demo.note.get", summary: "The method demo.note.get returns one note by its id.",
                              rows: [("id", "integer", "Which note; the deleted ones are not found.")])
        #expect(Self.evidence(bytes) == [.reads: "the title's verb is 'get'"])
    }

    @Test func verbsOfTitleAndSummary() {
        let remove = Self.page(title: "Remove a Badge demo.badge.remove", summary: "Takes a badge away.", rows: [("code", "string", "Badge code.")])
        #expect(Self.evidence(remove)[.deletes] == "the title's verb is 'remove'")
        let save = Self.page(title: "Set Rows demo.row.set", summary: "The method demo.row.set creates or updates the rows of a card.",
                             rows: [("id", "integer", "Card.")])
        #expect(Set(Self.evidence(save).keys) == [.modifies, .creates])
        let missing = Self.page(title: "Set Labels demo.label.set", summary: "This method changes labels and adds them if a label does not exist yet.",
                                rows: [("id", "integer", "Card.")])
        #expect(Self.evidence(missing)[.creates] != nil)
        let gerund = Self.page(title: "Importing Cards: demo.card.import", summary: "Loads cards in bulk.", rows: [("rows", "array", "Cards.")])
        #expect(Self.evidence(gerund)[.creates] == "the title's verb is 'importing'")
        // Words after a negation are not what the call does; a "Read …" title marks something as read.
        let peek = Self.page(title: "Get the Queue demo.queue.peek", summary: "A demo.queue.peek method for looking at the queue without making changes to it.",
                             rows: [("limit", "integer", "Cap.")])
        #expect(Self.evidence(peek) == [.reads: "the title's verb is 'get'"])
        let seen = Self.page(title: "Read Alerts demo.alert.read", summary: "The method demo.alert.read marks alerts as seen.", rows: [("id", "integer", "Alert.")])
        #expect(Self.evidence(seen) == [.modifies: "the summary's verb is 'marks'"])
    }

    @Test func aSelectorWithAPositionIsPositional() {
        let bytes = Self.page(title: "Drop a Card demo.card.drop", summary: "Drops one card of a block.",
                              rows: [("selector", "string", "Which card, written like <code>.demo-card@2</code>.")])
        let found = Self.evidence(bytes)
        #expect(found[.positional] == "`selector` picks its target by position (`.demo-card@2`)")
        #expect(found[.deletes] != nil)
    }

    @Test func anIndexOfADeleteIsPositional() {
        let bytes = Self.page(title: "Delete a Row demo.row.delete", summary: "Deletes one row of a sheet.",
                              rows: [("ROW_INDEX", "integer", "Number of the row to drop, counting from 0.")])
        #expect(Self.evidence(bytes)[.positional] == "`ROW_INDEX` picks its target by position in a list")
    }

    @Test func positionsThatPickNothingAreNot() {
        let bytes = Self.page(title: "Update a Bot demo.bot.update", summary: "Changes a bot.", rows: [
            ("WORK_POSITION", "string", "Position of the bot shown in its profile."),
            ("SORT_INDEX", "integer", "Sort index, starting from 0."),
            ("mail", "string", "Address such as <code>robot@1demo.example</code>."),
        ])
        #expect(Self.evidence(bytes)[.positional] == nil)
    }

    @Test func aWriteWhoseParameterMayCreateSomething() {
        let bytes = Self.page(title: "Edit a Team demo.team.edit", summary: "Changes a team.", rows: [
            ("makeChannel", "boolean", "Creates a discussion channel for the team when true."),
        ])
        #expect(Self.evidence(bytes)[.creates] == "`makeChannel` can make the call create a discussion channel")
        let group = Self.page(title: "Update a Flow demo.flow.update", summary: "Changes a flow.", rows: [
            ("groupId", "integer", "Group of the flow. If left out, a new group is created automatically."),
        ])
        #expect(Self.evidence(group)[.creates] == "`groupId` can make the call create a new group")
        let advice = Self.page(title: "Update a Meeting demo.meeting.update", summary: "Changes a meeting.", rows: [
            ("host", "integer", "To change the host, delete the meeting and create a new one with demo.meeting.add."),
        ])
        #expect(Self.evidence(advice)[.creates] == nil)
    }

    @Test(arguments: Evidence.Kind.allCases)
    func sentencesReadBackToTheSameEvidence(_ kind: Evidence.Kind) throws {
        let evidence = Evidence(kind: kind, reason: "the `flag` value 0 keeps what was read; see demo.queue.take", line: 7)
        #expect(evidence.sentence == "Effect: \(kind.rawValue) — the `flag` value 0 keeps what was read; see demo.queue.take.")
        #expect(Evidence(sentence: evidence.sentence, line: 7) == evidence)
        #expect(Evidence(sentence: "  " + evidence.sentence.replacing(" — ", with: "  —\n ") + " ", line: 7) == evidence)
    }

    @Test func notSentences() {
        #expect(Evidence(sentence: "Effect: leaks — something.", line: 1) == nil)
        #expect(Evidence(sentence: "Effect: reads - no dash.", line: 1) == nil)
        #expect(Evidence(sentence: "Effect: reads — no full stop", line: 1) == nil)
        #expect(Evidence(sentence: "The effect: reads — x.", line: 1) == nil)
    }

    @Test func aPageThatStatesItsEvidenceIsReadFromItsSentencesOnly() {
        let stated = [
            Evidence(kind: .reads, reason: "returns queued notes", line: 0),
            Evidence(kind: .consumes, reason: "the returned notes leave the queue unless `purge` is 0", line: 0),
        ]
        let paragraphs = stated.map { "<p>\($0.sentence)</p>" }.joined(separator: "\n")
        let bytes = Self.page(title: "Delete Queued Notes demo.queue.take", summary: "Removes notes.",
                              rows: [("purge", "integer", "Whether the selected entries are deleted. Default is 1")], after: paragraphs)
        let (page, _) = DocParser.parse(bytes, path: "api-reference/demo/page.html")
        #expect(page.evidence.map(\.kind) == [.reads, .consumes])
        #expect(page.evidence.map(\.reason) == stated.map(\.reason))
        #expect(page.evidence.map(\.line) == [8, 9])
        // The sentences are not the summary.
        #expect(page.summary == "Removes notes.")
    }
}
