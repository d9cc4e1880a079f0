import CLibXML2

/// libxml2 alone, the floor the parser is measured against: `htmlReadMemory` on each whole file and
/// `xmlFreeDoc`, one thread, same options as the parser.
public enum LibXMLBaseline {
    /// Parses and frees every file; returns how many documents libxml2 produced.
    @discardableResult
    public static func parseAll(_ files: [DocSet.File]) -> Int {
        var n = 0
        for f in files {
            if let doc = LibXML.parse(f.bytes) {
                n += 1
                xmlFreeDoc(doc)
            }
        }
        return n
    }
}
