import B24DocModel

/// Fields the docs type as a list of a named type somewhere (`PHONE` as `crm_multifield[]`): wherever another table
/// types the same field as one value of that type, the wire still carries a list (a contact with two phones), so the
/// generated property is a list everywhere.
enum ListEvidence {
    static func key(field: String, type: String) -> String {
        field.uppercased() + "|" + type.lowercased()
    }

    /// The keys of every field typed `T[]` (T a named type, not `object`/`string`/…) in any table of any page.
    static func collect(_ pages: [Page]) -> Set<String> {
        var keys = Set<String>()
        func walk(_ name: String, _ type: String?, _ children: [Field]) {
            if let type, type.trimmingSpaces().hasSuffix("[]"), name.lowercased() != "result",
                let base = ObjectTypes.baseTypeName(type), case .named? = DocType.parse(base)?.type
            {
                keys.insert(key(field: name, type: base))
            }
            for child in children { walk(child.name, child.type, child.children) }
        }
        func walk(_ parameter: Parameter) {
            walk(parameter.name, parameter.type, [])
            parameter.children.forEach(walk)
        }
        for page in pages {
            page.parameters.forEach(walk)
            for field in page.returns { walk(field.name, field.type, field.children) }
            for definition in page.types {
                for field in definition.fields { walk(field.name, field.type, field.children) }
            }
        }
        return keys
    }
}
