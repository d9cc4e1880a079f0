import Testing
@testable import B24Generator

@Suite struct NamingTests {
    @Test(arguments: [
        ("TITLE", "title"),
        ("ASSIGNED_BY_ID", "assignedByID"),
        ("CURRENCY_ID", "currencyID"),
        ("event_handler_id", "eventHandlerID"),
        ("data.FIELDS", "fields"),
        ("fields[TITLE]", "title"),
        ("UF_CRM_1700000000", "ufCRM1700000000"),
        ("PARENT_ID_1032", "parentID1032"),
        ("externalCall", "externalCall"),
        ("externalcall", "externalcall"),
        ("URLValue", "urlValue"),
        ("siteURL", "siteURL"),
        ("1C", "_1c"),
        ("2fa_enabled", "_2faEnabled"),
        ("default", "`default`"),
        ("class", "`class`"),
        ("func", "`func`"),
        ("where", "`where`"),
        ("Any", "`any`"),
        ("async", "`async`"),
        ("self", "self_"),
        ("Self", "self_"),
        ("init", "init_"),
        ("Type", "type"),
        ("Protocol", "`protocol`"),
        ("_", "unnamed"),
        ("", "unnamed"),
        ("Ñame", "ame"),
        ("name with spaces", "nameWithSpaces"),
        ("CONTACT_IDS", "contactIDs"),
        ("crm_contact[]", "crmContact"),
    ])
    func memberNames(original: String, expected: String) {
        #expect(Naming.memberName(original) == expected)
    }

    @Test(arguments: [
        (["crm", "deal", "add"], "CRMDealAdd"),
        (["telephony", "externalCall", "register"], "TelephonyExternalCallRegister"),
        (["im", "message", "add"], "IMMessageAdd"),
        (["fields"], "Fields"),
        (["Type"], "Type_"),
        (["Protocol"], "Protocol_"),
        (["self"], "Self_"),
        (["1c"], "_1c"),
        (["onCrmDealAdd", "event"], "OnCRMDealAddEvent"),
        (["BackgroundCallCard::holdButtonClick", "event"], "BackgroundCallCardHoldButtonClickEvent"),
        (["class"], "Class"),
        ([""], "Unnamed"),
    ])
    func typeNames(parts: [String], expected: String) {
        #expect(Naming.typeName(parts) == expected)
    }

    @Test(arguments: [
        ("crm_status", "CRMStatusID"),
        ("user", "UserID"),
        ("crm_currency", "CRMCurrencyID"),
        ("crm_contact", "CRMContactID"),
    ])
    func directoryTypeNames(original: String, expected: String) {
        #expect(Naming.directoryTypeName(original) == expected)
    }

    @Test(arguments: [
        ("NEW", "new"),
        ("C1:NEW", "c1New"),
        ("1", "_1"),
        ("Y", "y"),
        ("in", "`in`"),
        ("", "empty"),
        ("---", "minusMinusMinus"),
        ("!=", "notEqual"),
        (">=", "greaterEqual"),
        ("!%", "notLike"),
        ("@", "`in`"),
        ("   ", "empty"),
        ("text/html", "textHTML"),
    ])
    func valueConstants(original: String, expected: String) {
        #expect(Naming.valueConstant(original) == expected)
    }

    @Test(arguments: [("crm", "crm"), ("externalCall", "externalCall"), ("userfield", "userfield"), ("default", "`default`")])
    func namespaceMembers(original: String, expected: String) {
        #expect(Naming.namespaceMember(original) == expected)
    }

    @Test func argumentLabelsAreMemberNames() {
        #expect(Naming.argumentLabel("PHONE_NUMBER") == "phoneNumber")
        #expect(Naming.argumentLabel("repeat") == "`repeat`")
    }

    @Test func placeholdersAreRecognised() {
        for name in ["UF_CRM_...", "PARENT_ID_...", "UF_CRM_xxx", "UF_*", "PARENT_ID_{entityTypeId}", "UF_…"] {
            #expect(Naming.isPlaceholder(name), "\(name)")
        }
        for name in ["UF_CRM_1700", "TITLE", "data.FIELDS", "PARENT_ID_1032"] {
            #expect(!Naming.isPlaceholder(name), "\(name)")
        }
    }

    @Test func pathsSplitDotsAndBrackets() {
        #expect(Naming.path("data.FIELDS") == ["data", "FIELDS"])
        #expect(Naming.path("fields[TITLE]") == ["fields", "TITLE"])
        #expect(Naming.path("crm_contact[]") == ["crm_contact"])
        #expect(Naming.path("FIELDS[PHONE][0][VALUE]") == ["FIELDS", "PHONE", "0", "VALUE"])
    }

    @Test func everyKeywordIsEscapedOrRenamed() {
        for keyword in Naming.keywords.sorted() {
            let name = Naming.memberName(keyword)
            let valid = name.hasPrefix("`") || !Naming.keywords.contains(name)
            #expect(valid, "\(keyword) → \(name)")
            #expect(!Naming.unescapable.contains(Naming.bare(name)), "\(keyword) → \(name)")
        }
    }

    @Test func scopesResolveCollisionsDeterministically() {
        var scope = NameScope(reserved: ["client"])
        #expect(scope.claim("id", for: "ID") == "id")
        #expect(scope.claim("id", for: "Id") == "id2")
        #expect(scope.claim("id", for: "id") == "id3")
        #expect(scope.claim("client", for: "CLIENT") == "client2")
        #expect(scope.claim("`default`", for: "default") == "`default`")
        #expect(scope.claim("`default`", for: "DEFAULT") == "default2")
        #expect(scope.renames.map(\.original) == ["Id", "id", "CLIENT", "DEFAULT"])
    }

    @Test func wordsSplitAtCaseChanges() {
        #expect(Naming.words("telephony.externalCall.register") == ["telephony", "external", "call", "register"])
        #expect(Naming.words("UF_CRM_123") == ["uf", "crm", "123"])
        #expect(Naming.words("getHTTPResponse") == ["get", "http", "response"])
        #expect(Naming.words("utf8String") == ["utf8", "string"])
    }
}
