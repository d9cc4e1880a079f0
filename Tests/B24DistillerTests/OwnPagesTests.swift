import B24DocModel
import B24DocParser
import B24Distiller
import Testing

/// Two small pages written for this test (our own words), with every fact the distiller carries: a REST 3.0
/// method with nested tables found by anchor and by name, defaults, values, request examples in three
/// languages, response examples (one unreadable), own and system errors; and a page of object structures,
/// one of them made of two parts.
@Suite struct OwnPagesTests {
    static let method = """
        <html><body>
        <h1>Create an item demo.item.add</h1>
        <p>Scope: <a href="api-reference/scopes/permissions.html"><code>demo</code></a></p>
        <p>Who can execute the method: any user of the demo area</p>
        <p>The method belongs to REST 3.0 and creates one item.</p>
        <h2 id="method-parameters">Method parameters</h2>
        <table><tbody>
        <tr><td><strong>Name</strong><br/><code>type</code></td><td><strong>Description</strong></td></tr>
        <tr><td><strong>fields</strong>*<br/><a href="api-reference/data-types.html"><code>object</code></a></td><td>Values, see <a href="#fields">below</a></td></tr>
        <tr><td><strong>options</strong><br/><code>object</code></td><td>Switches of the call</td></tr>
        <tr><td><strong>mode</strong><br/><code>string</code></td><td>How to add:<ul><li><code>A</code> — append</li><li><code>B</code> — before</li></ul>By default A.</td></tr>
        </tbody></table>
        <h3 id="fields">Parameter fields</h3>
        <table><tbody>
        <tr><td><strong>Name</strong><br/><code>type</code></td><td><strong>Description</strong></td></tr>
        <tr><td><strong>title</strong>*<br/><code>string</code></td><td>What the item is called</td></tr>
        <tr><td><strong>owner</strong><br/><a href="api-reference/demo/demo-item-add.html#owner"><code>demo_owner</code></a></td><td>Who owns it, see <a href="#owner">owner</a></td></tr>
        </tbody></table>
        <h3 id="owner">Owner object</h3>
        <table><tbody>
        <tr><td><strong>Name</strong><br/><code>type</code></td><td><strong>Description</strong></td></tr>
        <tr><td><strong>id</strong><br/><code>integer</code></td><td>The owner's number</td></tr>
        </tbody></table>
        <h3>Parameter options</h3>
        <table><tbody>
        <tr><td><strong>Name</strong><br/><code>type</code></td><td><strong>Description</strong></td></tr>
        <tr><td><strong>silent</strong><br/><code>boolean</code></td><td>Whether to notify nobody</td></tr>
        </tbody></table>
        <h2 id="examples">Code examples</h2>
        <pre><code class="hljs bash">curl -X POST -d '{"fields": {"title": "First", "owner": {"id": 7}}, "mode": "A"}' https://portal.example/rest/api/demo.item.add</code></pre>
        <pre><code class="hljs js">BX24.callMethod('demo.item.add', {fields: {title: 'First'}});</code></pre>
        <pre><code class="hljs php">$b24->call('demo.item.add', ['fields' => ['title' => 'First']]);</code></pre>
        <pre><code class="hljs bash">curl -X POST -d '{"id": 3}'</code></pre>
        <h2 id="response">Response handling</h2>
        <pre><code class="hljs json">{"result": {"item": {"id": 12, "title": "First", "tags": ["a", "b"], "done": false, "owner": null}}, "time": {"start": 1.5}}</code></pre>
        <pre><code class="hljs json">{"result": @@}</code></pre>
        <table><tbody>
        <tr><td><strong>Name</strong><br/><code>type</code></td><td><strong>Description</strong></td></tr>
        <tr><td><strong>result</strong><br/><code>object</code></td><td>The new item, see <a href="#result-item">item</a></td></tr>
        </tbody></table>
        <h3 id="result-item">Item object</h3>
        <table><tbody>
        <tr><td><strong>Name</strong><br/><code>type</code></td><td><strong>Description</strong></td></tr>
        <tr><td><strong>id</strong><br/><code>integer</code></td><td>The item's number</td></tr>
        </tbody></table>
        <h2 id="errors">Error handling</h2>
        <table><tbody>
        <tr><td><strong>Code</strong></td><td><strong>Description</strong></td><td><strong>HTTP status</strong></td></tr>
        <tr><td><code>ERROR_TITLE_EMPTY</code></td><td>The title is missing</td><td>400</td></tr>
        </tbody></table>
        <h2 id="system-errors">System errors</h2>
        <table><tbody>
        <tr><td><strong>Code</strong></td><td><strong>Description</strong></td><td><strong>Status</strong></td></tr>
        <tr><td><code>QUERY_LIMIT_EXCEEDED</code></td><td>Too many calls at once</td><td>503</td></tr>
        </tbody></table>
        </body></html>
        """

    static let structures = """
        <html><body>
        <h1>Demo data types</h1>
        <h2 id="item-structure">Item structure</h2>
        <h3 id="common">Common fields</h3>
        <table><tbody>
        <tr><td><strong>Value</strong><br/><code>type</code></td><td><strong>Description</strong></td></tr>
        <tr><td><strong>id</strong><br/><code>integer</code></td><td>Number of the item</td></tr>
        </tbody></table>
        <h3 id="extra">Fields the owner sees</h3>
        <table><tbody>
        <tr><td><strong>Value</strong><br/><code>type</code></td><td><strong>Description</strong></td></tr>
        <tr><td><strong>secret</strong><br/><code>string</code></td><td>A note only the owner reads</td></tr>
        </tbody></table>
        <h2 id="demo_owner">demo_owner</h2>
        <table><tbody>
        <tr><td><strong>Value</strong><br/><code>type</code></td><td><strong>Description</strong></td></tr>
        <tr><td><strong>id</strong><br/><code>integer</code></td><td>Number of the owner</td></tr>
        </tbody></table>
        </body></html>
        """

    static func roundTrip(_ html: String, path: String) -> (original: Page, readBack: Page, output: Distiller.Output) {
        let original = DocParser.parse(Array(html.utf8), path: path).page
        let output = Distiller.distill(original)
        return (original, DocParser.parse(output.bytes, path: path).page, output)
    }

    @Test func aRest3MethodReadsBackWithEveryFact() throws {
        let (original, readBack, output) = Self.roundTrip(Self.method, path: "api-reference/demo/demo-item-add.html")
        // The page has what this test is about (else the comparison below proves little).
        #expect(original.kind == .restMethod && original.name == "demo.item.add" && original.apiVersions == [.v3])
        #expect(original.requests.map(\.methods) == [["demo.item.add"], ["demo.item.add"], ["demo.item.add"]])
        #expect(original.requests.map(\.version) == [.v3, nil, nil])
        #expect(original.requestExamples.count == 2)
        #expect(original.responseExamples.count == 2 && original.responseExamples[1].shape == nil)
        #expect(original.parameters.map(\.name) == ["fields", "options", "mode"])
        #expect(original.parameters[1].children.map(\.name) == ["silent"])
        #expect(original.parameters[0].children[1].children.map(\.name) == ["id"])
        #expect(original.parameters[2].defaultValue == "A" && original.parameters[2].values.map(\.value) == ["A", "B"])
        #expect(original.types.map(\.id) == ["api-reference/demo/demo-item-add.html#fields", "api-reference/demo/demo-item-add.html#owner",
                                             "api-reference/demo/demo-item-add.html#result-item"])
        #expect(original.errors.map(\.code) == ["ERROR_TITLE_EMPTY", "QUERY_LIMIT_EXCEEDED"])

        #expect(output.mismatch == nil)
        #expect(FactsOnly.page(readBack) == FactsOnly.page(original))
        let article = articleText(output.bytes)
        for sentence in prose(of: original) where !sentence.isEmpty {
            #expect(!article.contains(sentence), "carries prose: \(sentence)")
        }
        #expect(!article.contains("First") && !article.contains("portal.example"), "carries example values")
    }

    @Test func objectStructuresReadBackWithTheirParts() {
        let (original, readBack, output) = Self.roundTrip(Self.structures, path: "api-reference/demo/data-types.html")
        #expect(original.kind == .other)
        #expect(original.types.map(\.name) == ["item-structure", "common", "extra", "demo_owner"])
        #expect(original.types[0].fields.map(\.name) == ["id", "secret"])
        #expect(output.mismatch == nil)
        #expect(FactsOnly.page(readBack) == FactsOnly.page(original))
        #expect(DistillRun.skipReason(original) == nil, "a page of object structures is distilled")
    }
}

extension OwnPagesTests {
    /// A guide that ends in an index of the methods it covers is an overview; its distilled page, which keeps
    /// no index, says so in the statement the parser reads.
    @Test func anOverviewKnownByItsIndexStaysAnOverview() {
        let html = """
            <h1>Working with demo items</h1>
            <p>How the demo methods fit together.</p>
            <h2 id="overview">Overview of methods</h2>
            <table><tbody>
            <tr><td><strong>Method</strong></td><td><strong>Description</strong></td></tr>
            <tr><td><a href="api-reference/demo/demo-item-add.html">demo.item.add</a></td><td>Adds an item</td></tr>
            <tr><td><a href="api-reference/demo/demo-item-get.html">demo.item.get</a></td><td>Reads an item</td></tr>
            </tbody></table>
            """
        let (original, readBack, output) = Self.roundTrip(html, path: "api-reference/demo/guide.html")
        #expect(original.kind == .overview)
        #expect(output.mismatch == nil)
        #expect(readBack.kind == .overview)
        #expect(articleText(output.bytes).contains(PageKind.overviewStatement))
    }
}
