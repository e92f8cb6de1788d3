// Lists the places in src/GenAi.MLNet where TorchSharp 0.107 creates a native Scalar that nothing keeps alive
// during the native call (README, Design notes: "TorchSharp's implicit scalars"): a number converted implicitly to
// Scalar, a Tensor operator with a number, and Tensor + Tensor, add/add_ and addcdiv/addcdiv_ without their alpha or
// value, which pass an implicit 1 (Tensor - Tensor has no alpha in TorchSharp 0.107). Needs a Release build of the tests first (it reads their bin folder for the references).
//   dotnet run --file eng/scalar-sites.cs [-- <path filter to print the sites of>]
#:package Microsoft.CodeAnalysis.CSharp@5.12.0
#:property PublishAot=false
#:property ManagePackageVersionsCentrally=false
using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

var root = Path.GetFullPath(Path.Combine(Path.GetDirectoryName(AppContext.GetData("EntryPointFilePath") as string ?? ".")!, ".."));
var src = Path.Combine(root, "src", "GenAi.MLNet");
var bin = Path.Combine(root, "tests", "GenAi.MLNet.Tests", "bin", "Release", "net10.0", "linux-x64");
if (!Directory.Exists(bin))
{
    Console.Error.WriteLine($"{bin} not found: build the tests in Release first (./eng/test.sh or dotnet build -c Release).");
    return 1;
}

var framework = Path.GetDirectoryName(typeof(object).Assembly.Location)!;
var frameworkNames = Directory.GetFiles(framework, "*.dll").Select(Path.GetFileName).ToHashSet();
var references = Directory.GetFiles(framework, "*.dll")
    .Concat(Directory.GetFiles(bin, "*.dll").Where(f => !frameworkNames.Contains(Path.GetFileName(f)) && !Path.GetFileName(f).StartsWith("GenAi.", StringComparison.Ordinal)))
    .Select(f => { try { return (MetadataReference?)MetadataReference.CreateFromFile(f); } catch (BadImageFormatException) { return null; } })
    .OfType<MetadataReference>().ToList();
var trees = Directory.GetFiles(src, "*.cs", SearchOption.AllDirectories)
    .Where(f => !f.Contains("/obj/", StringComparison.Ordinal) && !f.Contains("/bin/", StringComparison.Ordinal))
    .Select(f => CSharpSyntaxTree.ParseText(File.ReadAllText(f), new CSharpParseOptions(LanguageVersion.Preview), f)).ToList();
var compilation = CSharpCompilation.Create("scan", trees, references,
    new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, allowUnsafe: true, nullableContextOptions: NullableContextOptions.Enable));
var scalar = compilation.GetTypeByMetadataName("TorchSharp.Scalar");
var tensor = compilation.GetTypeByMetadataName("TorchSharp.torch+Tensor");
var sites = new List<(string File, int Line, string What, string Code)>();
foreach (var tree in trees)
{
    var model = compilation.GetSemanticModel(tree);
    foreach (var node in tree.GetRoot().DescendantNodes())
    {
        var what = model.GetOperation(node) switch
        {
            IArgumentOperation { Value: IConversionOperation { IsImplicit: true } c } when SymbolEqualityComparer.Default.Equals(c.Type, scalar)
                && !SymbolEqualityComparer.Default.Equals(c.Operand.Type, scalar) => "number to Scalar",
            IBinaryOperation { OperatorMethod: { } m } b when node is BinaryExpressionSyntax && SymbolEqualityComparer.Default.Equals(m.ContainingType, tensor) =>
                !m.Parameters.All(p => SymbolEqualityComparer.Default.Equals(p.Type, tensor)) ? $"{b.OperatorKind} with a number"
                : b.OperatorKind is BinaryOperatorKind.Add ? "tensor + tensor (alpha 1)" : null,
            IInvocationOperation i when node is InvocationExpressionSyntax && SymbolEqualityComparer.Default.Equals(i.TargetMethod.ContainingType, tensor)
                && ((i.TargetMethod.Name is "add" or "add_" && i.Arguments.Length == 1) || (i.TargetMethod.Name is "addcdiv" or "addcdiv_" && i.Arguments.Length == 2))
                => $"{i.TargetMethod.Name} without its alpha/value (1 inside)",
            // TorchSharp methods that convert a number to a Scalar inside (found by the same scan of TorchSharp's source).
            IInvocationOperation i when node is InvocationExpressionSyntax
                && ((SymbolEqualityComparer.Default.Equals(i.TargetMethod.ContainingType, tensor) && i.TargetMethod.Name is "square" or "softplus" or "elu" or "elu_" or "celu" or "celu_")
                    || (i.TargetMethod.ContainingType.Name == "functional" && i.TargetMethod.Name is "leaky_relu" or "hardtanh" or "celu" or "threshold" or "softplus"))
                => $"{i.TargetMethod.Name} (a Scalar made inside TorchSharp)",
            _ => null,
        };
        if (what is not null)
        {
            var line = node.GetLocation().GetLineSpan();
            var code = node.ToString().ReplaceLineEndings(" ");
            sites.Add((Path.GetRelativePath(src, line.Path), line.StartLinePosition.Line + 1, what, code.Length > 100 ? code[..100] + "…" : code));
        }
    }
}

foreach (var file in sites.GroupBy(s => s.File).OrderByDescending(g => g.Count()))
{
    Console.WriteLine($"{file.Count(),5} {file.Key}");
    if (args.Length > 0 && file.Key.Contains(args[0], StringComparison.Ordinal))
    {
        foreach (var s in file) Console.WriteLine($"        {s.Line}: {s.What}: {s.Code}");
    }
}

Console.WriteLine($"{sites.Count} sites in {sites.Select(s => s.File).Distinct().Count()} files");
return 0;
