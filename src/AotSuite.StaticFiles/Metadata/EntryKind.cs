namespace AotSuite.StaticFiles.Metadata;

internal enum EntryKind : byte
{
    /// <summary>Absent, unreadable, outside the root (through a symlink) or a dotfile: all look the same to a client.</summary>
    Missing,
    File,
    Directory,
}
