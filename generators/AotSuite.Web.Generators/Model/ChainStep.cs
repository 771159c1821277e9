namespace AotSuite.Web.Generators.Model;

/// <summary>One step of a route's compiled middleware chain.</summary>
/// <param name="Site">The <c>Use</c> call site the middleware is registered under.</param>
/// <param name="Runner">
/// For a built-in made in place (<c>app.Use(Cors.Create(...))</c>): its runner type, fully qualified, which the step
/// calls directly; null for any other middleware, called through its delegate.
/// </param>
internal sealed record ChainStep(string Site, string? Runner);
