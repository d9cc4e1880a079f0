extension PageKind {
    /// The paragraph a page written from the model (the distiller's fact-only pages) states that it is an
    /// overview by, where neither its path (`…/index.html`) nor its title says so and the model keeps no index
    /// of the methods it lists: the parser reads the page as an overview, as it reads a guide that ends in such
    /// an index.
    public static let overviewStatement = "This page is an overview of methods."
}
