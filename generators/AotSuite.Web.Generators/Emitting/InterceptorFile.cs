using System;
using AotSuite.Generators;
using Microsoft.CodeAnalysis.CSharp;

namespace AotSuite.Web.Generators.Emitting;

/// <summary>
/// How every interceptor file of this generator opens (header, its own file-scoped <c>InterceptsLocationAttribute</c>,
/// the namespace) and how each interceptor method is introduced (the call it replaces, its location, the attributes).
/// </summary>
internal static class InterceptorFile
{
    public static readonly string Attributes = GeneratedCode.Attributes("AotSuite.Web.Generators");

    /// <summary>A whole file: <paramref name="body"/> writes the types inside <c>namespace AotSuite.Web.Generated</c>.</summary>
    public static string Emit(Action<SourceWriter> body)
    {
        var w = new SourceWriter();
        w.Line(GeneratedCode.Header);
        // Each generated file declares its own file-scoped attribute, so no two files (or libraries) clash.
        using (w.Block("namespace System.Runtime.CompilerServices"))
        {
            w.Line("[global::System.AttributeUsage(global::System.AttributeTargets.Method, AllowMultiple = true)]");
            using (w.Block("file sealed class InterceptsLocationAttribute : global::System.Attribute"))
            {
                w.Line("public InterceptsLocationAttribute(int version, string data) { _ = version; _ = data; }");
            }
        }
        w.Line();
        using (w.Block("namespace AotSuite.Web.Generated"))
        {
            body(w);
        }
        return w.ToString();
    }

    /// <summary>A file holding one interceptor: <paramref name="method"/> writes its signature and body.</summary>
    public static string EmitSingle(int version, string data, string comment, Action<SourceWriter> method) => Emit(w =>
    {
        using (w.Block("file static class Interceptor"))
        {
            Head(w, version, data, comment);
            method(w);
        }
    });

    /// <summary>The lines above an interceptor method: <c>// &lt;display location&gt;: &lt;call&gt;</c>, where, and the attributes.</summary>
    public static void Head(SourceWriter w, int version, string data, string comment)
    {
        w.Line($"// {comment}");
        w.Line($"[global::System.Runtime.CompilerServices.InterceptsLocation({version}, {SymbolDisplay.FormatLiteral(data, quote: true)})]");
        w.Line(Attributes);
    }
}
