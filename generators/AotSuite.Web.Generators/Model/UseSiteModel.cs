namespace AotSuite.Web.Generators.Model;

/// <summary>One <c>group.Use(middleware)</c> call site: where to intercept it and the id it registers its middleware under.</summary>
internal sealed record UseSiteModel(int LocationVersion, string LocationData, string DisplayLocation, string HintName, string Site);
