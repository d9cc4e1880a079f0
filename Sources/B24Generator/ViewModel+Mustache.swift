import Mustache

// Field lookup for the templates without reflection (Mirror is the slowest part of rendering).
// Every stored property of a view model is a key; `RenderingTests` checks that none is missing.

/// A string handed to the templates. It renders exactly like the `String` it holds, but swift-mustache
/// renders it through `MustacheCustomRenderable` (one protocol check) instead of checking for an
/// optional and going through `String(describing:)` for every variable. As a section it behaves like
/// a string too: never a sequence, never null, and it has no keys of its own.
struct MustacheText: MustacheCustomRenderable, MustacheParent {
    let string: String
    var renderText: String { string }
    var isNull: Bool { false }
    func child(named name: String) -> Any? { nil }
}

/// A template value: strings (and lists of them) as ``MustacheText``, anything else as it is.
@inline(__always) func mustacheValue(_ value: String) -> Any { MustacheText(string: value) }
@inline(__always) func mustacheValue(_ value: [String]) -> Any { value.map { MustacheText(string: $0) } }
@inline(__always) func mustacheValue<Value>(_ value: Value) -> Any { value }

extension ArgumentVM: MustacheParent {
    public func child(named name: String) -> Any? {
        switch name {
        case "label": mustacheValue(label)
        case "typeCode": mustacheValue(typeCode)
        case "defaultClause": mustacheValue(defaultClause)
        case "keyLiteral": mustacheValue(keyLiteral)
        case "setter": mustacheValue(setter)
        case "comma": mustacheValue(comma)
        default: nil
        }
    }
}

extension PropertyVM: MustacheParent {
    public func child(named name: String) -> Any? {
        switch name {
        case "propertyDoc": mustacheValue(propertyDoc)
        case "propertyName": mustacheValue(propertyName)
        case "propertyType": mustacheValue(propertyType)
        case "fieldKeyLiteral": mustacheValue(fieldKeyLiteral)
        case "fieldSetter": mustacheValue(fieldSetter)
        default: nil
        }
    }
}

extension RecordVM: MustacheParent {
    public func child(named name: String) -> Any? {
        switch name {
        case "recordDoc": mustacheValue(recordDoc)
        case "recordName": mustacheValue(recordName)
        case "properties": mustacheValue(properties)
        case "initArguments": mustacheValue(initArguments)
        case "documentedKeysLiteral": mustacheValue(documentedKeysLiteral)
        default: nil
        }
    }
}

extension ValueConstantVM: MustacheParent {
    public func child(named name: String) -> Any? {
        switch name {
        case "constantDoc": mustacheValue(constantDoc)
        case "constantName": mustacheValue(constantName)
        case "constantLiteral": mustacheValue(constantLiteral)
        default: nil
        }
    }
}

extension ValueSetVM: MustacheParent {
    public func child(named name: String) -> Any? {
        switch name {
        case "valueSetDoc": mustacheValue(valueSetDoc)
        case "valueSetName": mustacheValue(valueSetName)
        case "constants": mustacheValue(constants)
        default: nil
        }
    }
}

extension NestedTypesVM: MustacheParent {
    public func child(named name: String) -> Any? {
        switch name {
        case "records": mustacheValue(records)
        case "valueSets": mustacheValue(valueSets)
        case "isEmpty": mustacheValue(isEmpty)
        default: nil
        }
    }
}

extension MethodVM: MustacheParent {
    public func child(named name: String) -> Any? {
        switch name {
        case "methodName": mustacheValue(methodName)
        case "methodNameLiteral": mustacheValue(methodNameLiteral)
        case "enumName": mustacheValue(enumName)
        case "enumDoc": mustacheValue(enumDoc)
        case "apiType": mustacheValue(apiType)
        case "requestsType": mustacheValue(requestsType)
        case "funcName": mustacheValue(funcName)
        case "apiDoc": mustacheValue(apiDoc)
        case "requestsDoc": mustacheValue(requestsDoc)
        case "deprecation": mustacheValue(deprecation)
        case "arguments": mustacheValue(arguments)
        case "hasArguments": mustacheValue(hasArguments)
        case "forwardedArguments": mustacheValue(forwardedArguments)
        case "resultType": mustacheValue(resultType)
        case "retry": mustacheValue(retry)
        case "pagingClause": mustacheValue(pagingClause)
        case "errorList": mustacheValue(errorList)
        case "nested": mustacheValue(nested)
        case "isRoot": mustacheValue(isRoot)
        case "clientReference": mustacheValue(clientReference)
        case "isSequence": mustacheValue(isSequence)
        case "rowType": mustacheValue(rowType)
        default: nil
        }
    }
}

extension NamespaceVM: MustacheParent {
    public func child(named name: String) -> Any? {
        switch name {
        case "namespaceDoc": mustacheValue(namespaceDoc)
        case "apiType": mustacheValue(apiType)
        case "requestsType": mustacheValue(requestsType)
        case "memberName": mustacheValue(memberName)
        case "parentAPIType": mustacheValue(parentAPIType)
        case "parentRequestsType": mustacheValue(parentRequestsType)
        case "clientExpression": mustacheValue(clientExpression)
        case "isTopLevel": mustacheValue(isTopLevel)
        case "hasPlacementHelpers": mustacheValue(hasPlacementHelpers)
        default: nil
        }
    }
}

extension EventVM: MustacheParent {
    public func child(named name: String) -> Any? {
        switch name {
        case "eventName": mustacheValue(eventName)
        case "eventNameUppercasedLiteral": mustacheValue(eventNameUppercasedLiteral)
        case "caseName": mustacheValue(caseName)
        case "payloadType": mustacheValue(payloadType)
        case "eventDoc": mustacheValue(eventDoc)
        case "caseDoc": mustacheValue(caseDoc)
        case "payload": mustacheValue(payload)
        case "nested": mustacheValue(nested)
        case "hasNestedTypes": mustacheValue(hasNestedTypes)
        default: nil
        }
    }
}

extension CommandVM: MustacheParent {
    public func child(named name: String) -> Any? {
        switch name {
        case "commandName": mustacheValue(commandName)
        case "commandNameLiteral": mustacheValue(commandNameLiteral)
        case "placementLiteral": mustacheValue(placementLiteral)
        case "staticName": mustacheValue(staticName)
        case "commandDoc": mustacheValue(commandDoc)
        case "arguments": mustacheValue(arguments)
        case "hasArguments": mustacheValue(hasArguments)
        case "resultType": mustacheValue(resultType)
        case "typesEnumName": mustacheValue(typesEnumName)
        case "typesEnumDoc": mustacheValue(typesEnumDoc)
        case "nested": mustacheValue(nested)
        case "hasNestedTypes": mustacheValue(hasNestedTypes)
        default: nil
        }
    }
}

extension PlacementEventVM: MustacheParent {
    public func child(named name: String) -> Any? {
        switch name {
        case "placementEventName": mustacheValue(placementEventName)
        case "placementEventNameLiteral": mustacheValue(placementEventNameLiteral)
        case "placementLiteral": mustacheValue(placementLiteral)
        case "staticName": mustacheValue(staticName)
        case "placementEventDoc": mustacheValue(placementEventDoc)
        case "handlerDataType": mustacheValue(handlerDataType)
        case "typesEnumName": mustacheValue(typesEnumName)
        case "typesEnumDoc": mustacheValue(typesEnumDoc)
        case "nested": mustacheValue(nested)
        case "hasNestedTypes": mustacheValue(hasNestedTypes)
        default: nil
        }
    }
}

extension ErrorCodeVM: MustacheParent {
    public func child(named name: String) -> Any? {
        switch name {
        case "errorDoc": mustacheValue(errorDoc)
        case "errorName": mustacheValue(errorName)
        case "errorLiteral": mustacheValue(errorLiteral)
        default: nil
        }
    }
}

extension DirectoryTypeVM: MustacheParent {
    public func child(named name: String) -> Any? {
        switch name {
        case "aliasDoc": mustacheValue(aliasDoc)
        case "aliasName": mustacheValue(aliasName)
        case "aliasBase": mustacheValue(aliasBase)
        default: nil
        }
    }
}

extension ClientVM: MustacheParent {
    public func child(named name: String) -> Any? {
        switch name {
        case "access": mustacheValue(access)
        case "namespaces": mustacheValue(namespaces)
        case "methods": mustacheValue(methods)
        case "events": mustacheValue(events)
        case "commands": mustacheValue(commands)
        case "placementEvents": mustacheValue(placementEvents)
        case "errorCodes": mustacheValue(errorCodes)
        case "directoryTypes": mustacheValue(directoryTypes)
        default: nil
        }
    }
}

/// The lookup the templates use, as a protocol tests can hold values of.
protocol MustacheParentLike {
    func child(named name: String) -> Any?
}

extension NamespaceVM: MustacheParentLike {}
extension MethodVM: MustacheParentLike {}
extension EventVM: MustacheParentLike {}
extension CommandVM: MustacheParentLike {}
extension PlacementEventVM: MustacheParentLike {}
extension ErrorCodeVM: MustacheParentLike {}
extension DirectoryTypeVM: MustacheParentLike {}
extension ArgumentVM: MustacheParentLike {}
extension NestedTypesVM: MustacheParentLike {}
extension RecordVM: MustacheParentLike {}
extension ValueSetVM: MustacheParentLike {}
extension PropertyVM: MustacheParentLike {}
extension ValueConstantVM: MustacheParentLike {}
