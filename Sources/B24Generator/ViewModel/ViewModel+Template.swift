// Field lookup for the templates: every stored property of a view model is a key, answered with a
// typed `TemplateValue` (see Template.swift). `ViewModelLookupTests` checks that none is missing.

extension ArgumentVM: TemplateContext {
    func value(forKey key: String) -> TemplateValue? {
        switch key {
        case "label": .text(label)
        case "typeCode": .text(typeCode)
        case "defaultClause": .text(defaultClause)
        case "keyLiteral": .text(keyLiteral)
        case "setter": .text(setter)
        case "comma": .text(comma)
        default: nil
        }
    }
}

extension PropertyVM: TemplateContext {
    func value(forKey key: String) -> TemplateValue? {
        switch key {
        case "propertyDoc": .texts(propertyDoc)
        case "propertyName": .text(propertyName)
        case "propertyType": .text(propertyType)
        case "fieldKeyLiteral": .text(fieldKeyLiteral)
        case "fieldSetter": .text(fieldSetter)
        default: nil
        }
    }
}

extension RecordVM: TemplateContext {
    func value(forKey key: String) -> TemplateValue? {
        switch key {
        case "recordDoc": .texts(recordDoc)
        case "recordName": .text(recordName)
        case "properties": properties.templateValue
        case "initArguments": initArguments.templateValue
        case "documentedKeysLiteral": .text(documentedKeysLiteral)
        default: nil
        }
    }
}

extension ValueConstantVM: TemplateContext {
    func value(forKey key: String) -> TemplateValue? {
        switch key {
        case "constantDoc": .texts(constantDoc)
        case "constantName": .text(constantName)
        case "constantLiteral": .text(constantLiteral)
        default: nil
        }
    }
}

extension ValueSetVM: TemplateContext {
    func value(forKey key: String) -> TemplateValue? {
        switch key {
        case "valueSetDoc": .texts(valueSetDoc)
        case "valueSetName": .text(valueSetName)
        case "constants": constants.templateValue
        default: nil
        }
    }
}

extension NestedTypesVM: TemplateContext {
    func value(forKey key: String) -> TemplateValue? {
        switch key {
        case "records": records.templateValue
        case "valueSets": valueSets.templateValue
        case "isEmpty": .flag(isEmpty)
        default: nil
        }
    }
}

extension MethodVM: TemplateContext {
    func value(forKey key: String) -> TemplateValue? {
        switch key {
        case "methodName": .text(methodName)
        case "methodNameLiteral": .text(methodNameLiteral)
        case "enumName": .text(enumName)
        case "enumDoc": .texts(enumDoc)
        case "apiType": .text(apiType)
        case "requestsType": .text(requestsType)
        case "funcName": .text(funcName)
        case "apiDoc": .texts(apiDoc)
        case "requestsDoc": .texts(requestsDoc)
        case "deprecation": .texts(deprecation)
        case "arguments": arguments.templateValue
        case "hasArguments": .flag(hasArguments)
        case "forwardedArguments": .text(forwardedArguments)
        case "resultType": .text(resultType)
        case "retry": .text(retry)
        case "pagingClause": .text(pagingClause)
        case "errorList": .text(errorList)
        case "nested": .context(nested)
        case "isRoot": .flag(isRoot)
        case "clientReference": .text(clientReference)
        case "isSequence": .flag(isSequence)
        case "rowType": .text(rowType)
        default: nil
        }
    }
}

extension NamespaceVM: TemplateContext {
    func value(forKey key: String) -> TemplateValue? {
        switch key {
        case "namespaceDoc": .texts(namespaceDoc)
        case "apiType": .text(apiType)
        case "requestsType": .text(requestsType)
        case "memberName": .text(memberName)
        case "parentAPIType": .text(parentAPIType)
        case "parentRequestsType": .text(parentRequestsType)
        case "clientExpression": .text(clientExpression)
        case "isTopLevel": .flag(isTopLevel)
        case "hasPlacementHelpers": .flag(hasPlacementHelpers)
        case "hasEventHelpers": .flag(hasEventHelpers)
        default: nil
        }
    }
}

extension EventVM: TemplateContext {
    func value(forKey key: String) -> TemplateValue? {
        switch key {
        case "eventName": .text(eventName)
        case "eventNameLiteral": .text(eventNameLiteral)
        case "eventNameUppercasedLiteral": .text(eventNameUppercasedLiteral)
        case "caseName": .text(caseName)
        case "payloadType": .text(payloadType)
        case "eventDoc": .texts(eventDoc)
        case "caseDoc": .texts(caseDoc)
        case "payload": .context(payload)
        case "nested": .context(nested)
        case "hasNestedTypes": .flag(hasNestedTypes)
        default: nil
        }
    }
}

extension CommandVM: TemplateContext {
    func value(forKey key: String) -> TemplateValue? {
        switch key {
        case "commandName": .text(commandName)
        case "commandNameLiteral": .text(commandNameLiteral)
        case "placementLiteral": .text(placementLiteral)
        case "staticName": .text(staticName)
        case "commandDoc": .texts(commandDoc)
        case "arguments": arguments.templateValue
        case "hasArguments": .flag(hasArguments)
        case "resultType": .text(resultType)
        case "typesEnumName": .text(typesEnumName)
        case "typesEnumDoc": .texts(typesEnumDoc)
        case "nested": .context(nested)
        case "hasNestedTypes": .flag(hasNestedTypes)
        default: nil
        }
    }
}

extension PlacementEventVM: TemplateContext {
    func value(forKey key: String) -> TemplateValue? {
        switch key {
        case "placementEventName": .text(placementEventName)
        case "placementEventNameLiteral": .text(placementEventNameLiteral)
        case "placementLiteral": .text(placementLiteral)
        case "staticName": .text(staticName)
        case "placementEventDoc": .texts(placementEventDoc)
        case "handlerDataType": .text(handlerDataType)
        case "typesEnumName": .text(typesEnumName)
        case "typesEnumDoc": .texts(typesEnumDoc)
        case "nested": .context(nested)
        case "hasNestedTypes": .flag(hasNestedTypes)
        default: nil
        }
    }
}

extension ErrorCodeVM: TemplateContext {
    func value(forKey key: String) -> TemplateValue? {
        switch key {
        case "errorDoc": .texts(errorDoc)
        case "errorName": .text(errorName)
        case "errorLiteral": .text(errorLiteral)
        default: nil
        }
    }
}

extension DirectoryTypeVM: TemplateContext {
    func value(forKey key: String) -> TemplateValue? {
        switch key {
        case "aliasDoc": .texts(aliasDoc)
        case "aliasName": .text(aliasName)
        case "aliasBase": .text(aliasBase)
        default: nil
        }
    }
}

extension ClientVM: TemplateContext {
    func value(forKey key: String) -> TemplateValue? {
        switch key {
        case "access": .text(access)
        case "namespaces": namespaces.templateValue
        case "methods": methods.templateValue
        case "events": events.templateValue
        case "commands": commands.templateValue
        case "placementEvents": placementEvents.templateValue
        case "errorCodes": errorCodes.templateValue
        case "directoryTypes": directoryTypes.templateValue
        default: nil
        }
    }
}
