import CLibXML2

/// libxml2 alone, the floor the parser is measured against: `htmlReadMemory` on each whole file and
/// `xmlFreeDoc`, one thread, the same options as the parser.
public enum LibXMLBaseline {
    /// Parses and frees every file; returns how many documents libxml2 produced.
    @discardableResult
    public static func parseAll(_ files: [DocSet.File]) -> Int {
        _ = LibXML.initialized
        var n = 0
        for f in files {
            let doc = f.bytes.withUnsafeBufferPointer { p -> htmlDocPtr? in
                p.baseAddress.flatMap { base in
                    base.withMemoryRebound(to: CChar.self, capacity: p.count) { c in
                        htmlReadMemory(c, Int32(clamping: p.count), nil, "UTF-8", LibXML.options)
                    }
                }
            }
            if let doc {
                n += 1
                xmlFreeDoc(doc)
            }
        }
        return n
    }
}
