using BenchmarkDotNet.Running;

// `dotnet run build.cs -- bench [filter]` runs this with --filter; any BenchmarkDotNet argument passes through.
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
