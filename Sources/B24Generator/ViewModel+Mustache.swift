import Mustache

// Field lookup for the templates without reflection (Mirror is the slowest part of rendering).
// Every stored property of a view model is a key; `RenderingTests` checks that none is missing.

extension ArgumentVM: MustacheParent {
    public func child(named name: String) -> Any? {
        switch name {
        case "label": label
        case "typeCode": typeCode
        case "defaultClause": defaultClause
        case "keyLiteral": keyLiteral
        case "setter": setter
        case "comma": comma
        default: nil
        }
    }
}

extension PropertyVM: MustacheParent {
    public func child(named name: String) -> Any? {
        switch name {
        case "propertyDoc": propertyDoc
        case "propertyName": propertyName
        case "propertyType": propertyType
        case "fieldKeyLiteral": fieldKeyLiteral
        case "fieldSetter": fieldSetter
        default: nil
        }
    }
}

extension RecordVM: MustacheParent {
    public func child(named name: String) -> Any? {
        switch name {
        case "recordDoc": recordDoc
        case "recordName": recordName
        case "properties": properties
        case "initArguments": initArguments
        case "documentedKeysLiteral": documentedKeysLiteral
        default: nil
        }
    }
}

extension ValueConstantVM: MustacheParent {
    public func child(named name: String) -> Any? {
        switch name {
        case "constantDoc": constantDoc
        case "constantName": constantName
        case "constantLiteral": constantLiteral
        default: nil
        }
    }
}

extension ValueSetVM: MustacheParent {
    public func child(named name: String) -> Any? {
        switch name {
        case "valueSetDoc": valueSetDoc
        case "valueSetName": valueSetName
        case "constants": constants
        default: nil
        }
    }
}

extension NestedTypesVM: MustacheParent {
    public func child(named name: String) -> Any? {
        switch name {
        case "records": records
        case "valueSets": valueSets
        case "isEmpty": isEmpty
        default: nil
        }
    }
}

extension MethodVM: MustacheParent {
    public func child(named name: String) -> Any? {
        switch name {
        case "methodName": methodName
        case "methodNameLiteral": methodNameLiteral
        case "enumName": enumName
        case "enumDoc": enumDoc
        case "apiType": apiType
        case "requestsType": requestsType
        case "funcName": funcName
        case "apiDoc": apiDoc
        case "requestsDoc": requestsDoc
        case "deprecation": deprecation
        case "arguments": arguments
        case "hasArguments": hasArguments
        case "forwardedArguments": forwardedArguments
        case "resultType": resultType
        case "retry": retry
        case "pagingClause": pagingClause
        case "errorList": errorList
        case "nested": nested
        case "isRoot": isRoot
        case "clientReference": clientReference
        case "isSequence": isSequence
        case "rowType": rowType
        default: nil
        }
    }
}

extension NamespaceVM: MustacheParent {
    public func child(named name: String) -> Any? {
        switch name {
        case "namespaceDoc": namespaceDoc
        case "apiType": apiType
        case "requestsType": requestsType
        case "memberName": memberName
        case "parentAPIType": parentAPIType
        case "parentRequestsType": parentRequestsType
        case "clientExpression": clientExpression
        case "isTopLevel": isTopLevel
        case "hasPlacementHelpers": hasPlacementHelpers
        default: nil
        }
    }
}

extension EventVM: MustacheParent {
    public func child(named name: String) -> Any? {
        switch name {
        case "eventName": eventName
        case "eventNameUppercasedLiteral": eventNameUppercasedLiteral
        case "caseName": caseName
        case "payloadType": payloadType
        case "eventDoc": eventDoc
        case "caseDoc": caseDoc
        case "payload": payload
        case "nested": nested
        case "hasNestedTypes": hasNestedTypes
        default: nil
        }
    }
}

extension CommandVM: MustacheParent {
    public func child(named name: String) -> Any? {
        switch name {
        case "commandName": commandName
        case "commandNameLiteral": commandNameLiteral
        case "placementLiteral": placementLiteral
        case "staticName": staticName
        case "commandDoc": commandDoc
        case "arguments": arguments
        case "hasArguments": hasArguments
        case "resultType": resultType
        case "typesEnumName": typesEnumName
        case "typesEnumDoc": typesEnumDoc
        case "nested": nested
        case "hasNestedTypes": hasNestedTypes
        default: nil
        }
    }
}

extension PlacementEventVM: MustacheParent {
    public func child(named name: String) -> Any? {
        switch name {
        case "placementEventName": placementEventName
        case "placementEventNameLiteral": placementEventNameLiteral
        case "placementLiteral": placementLiteral
        case "staticName": staticName
        case "placementEventDoc": placementEventDoc
        case "handlerDataType": handlerDataType
        case "typesEnumName": typesEnumName
        case "typesEnumDoc": typesEnumDoc
        case "nested": nested
        case "hasNestedTypes": hasNestedTypes
        default: nil
        }
    }
}

extension ErrorCodeVM: MustacheParent {
    public func child(named name: String) -> Any? {
        switch name {
        case "errorDoc": errorDoc
        case "errorName": errorName
        case "errorLiteral": errorLiteral
        default: nil
        }
    }
}

extension DirectoryTypeVM: MustacheParent {
    public func child(named name: String) -> Any? {
        switch name {
        case "aliasDoc": aliasDoc
        case "aliasName": aliasName
        case "aliasBase": aliasBase
        default: nil
        }
    }
}

extension ClientVM: MustacheParent {
    public func child(named name: String) -> Any? {
        switch name {
        case "access": access
        case "namespaces": namespaces
        case "methods": methods
        case "events": events
        case "commands": commands
        case "placementEvents": placementEvents
        case "errorCodes": errorCodes
        case "directoryTypes": directoryTypes
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
