// The view models are what the templates render: `Encodable`, so that the template key table is derived from
// their stored properties (see Render/TemplateEncoder.swift), never written by hand.

extension ArgumentVM: TemplateModel {}
extension PropertyVM: TemplateModel {}
extension RecordVM: TemplateModel {}
extension LiteralVM: TemplateModel {}
extension ValueConstantVM: TemplateModel {}
extension ValueSetVM: TemplateModel {}
extension NestedTypesVM: TemplateModel {}
extension PagingVM: TemplateModel {}
extension ErrorRefVM: TemplateModel {}
extension MethodVM: TemplateModel {}
extension NamespaceVM: TemplateModel {}
extension EventVM: TemplateModel {}
extension CommandVM: TemplateModel {}
extension PlacementEventVM: TemplateModel {}
extension ErrorCodeVM: TemplateModel {}
extension DirectoryTypeVM: TemplateModel {}
extension FamilyVM: TemplateModel {}
extension ClientVM: TemplateModel {}
extension ObjectTypeVM: TemplateModel {}
