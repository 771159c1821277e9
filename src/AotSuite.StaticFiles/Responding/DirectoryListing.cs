using System.Net;
using System.Text;
using AotSuite.StaticFiles.Resolving;

namespace AotSuite.StaticFiles.Responding;

/// <summary>
/// A folder as an HTML list. Names are HTML-escaped in text and percent-encoded in links, so a file called
/// <c>&lt;script&gt;.html</c> shows as text. Dotfiles (unless allowed) and symlinks that lead out of the root are left out.
/// </summary>
internal static class DirectoryListing
{
    public static byte[] Render(string folder, ReadOnlySpan<char> relative, string root, bool allowDotfiles)
    {
        var entries = new List<(string Name, bool IsFolder)>();
        foreach (var info in new DirectoryInfo(folder).EnumerateFileSystemInfos())
        {
            if (!allowDotfiles && info.Name.StartsWith('.')) continue;
            var isFolder = info is DirectoryInfo;
            if (info.LinkTarget is not null)
            {
                var target = SymlinkResolver.Resolve(info.FullName);
                if (target is null || !SymlinkResolver.IsUnder(target, root)) continue;
                isFolder = Directory.Exists(target);
            }
            entries.Add((info.Name, isFolder));
        }
        entries.Sort(static (a, b) => a.IsFolder != b.IsFolder ? (a.IsFolder ? -1 : 1) : string.CompareOrdinal(a.Name, b.Name));

        var title = WebUtility.HtmlEncode("/" + (relative.IsEmpty ? "" : relative.ToString() + "/"));
        var html = new StringBuilder();
        html.Append("<!doctype html>\n<html><head><meta charset=\"utf-8\"><title>Index of ").Append(title)
            .Append("</title></head>\n<body><h1>Index of ").Append(title).Append("</h1>\n<ul>\n");
        if (!relative.IsEmpty) html.Append("<li><a href=\"../\">../</a></li>\n");
        foreach (var (name, isFolder) in entries)
        {
            var slash = isFolder ? "/" : "";
            html.Append("<li><a href=\"./").Append(Uri.EscapeDataString(name)).Append(slash).Append("\">")
                .Append(WebUtility.HtmlEncode(name)).Append(slash).Append("</a></li>\n");
        }
        html.Append("</ul></body></html>\n");
        return Encoding.UTF8.GetBytes(html.ToString());
    }
}
