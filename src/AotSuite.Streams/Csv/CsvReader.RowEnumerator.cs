using System.Runtime.CompilerServices;

namespace AotSuite.Streams.Csv;

public sealed partial class CsvReader
{
    /// <summary>The rows as views, for <c>foreach (var row in reader)</c>: the same as <see cref="Read"/> and <see cref="Current"/>.</summary>
    public RowEnumerator GetEnumerator() => new(this);

    /// <summary>Moves the reader row by row; a local of this type keeps the reader in a register in the caller's loop.</summary>
    public readonly struct RowEnumerator
    {
        private readonly CsvReader reader;

        internal RowEnumerator(CsvReader reader) => this.reader = reader;

        /// <inheritdoc cref="CsvReader.Current"/>
        public CsvRow Current
        {
            [MethodImpl(MethodImplOptions.AggressiveInlining)]
            get => reader.Current;
        }

        /// <inheritdoc cref="CsvReader.Read"/>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public bool MoveNext() => reader.Read();
    }
}
