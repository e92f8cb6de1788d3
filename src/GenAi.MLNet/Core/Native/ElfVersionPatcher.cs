using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using System.IO;
using System.Text;

namespace GenAi.MLNet.Core;

/// <summary>
/// Reads and edits the GNU symbol-versioning sections of a 64-bit little-endian ELF shared object
/// (System V gABI; "LSB Core Specification, Symbol Versioning").
/// </summary>
internal static class ElfVersionPatcher
{
    private const uint ShtGnuVerdef = 0x6ffffffd;
    private const uint ShtGnuVerneed = 0x6ffffffe;
    private const ushort VerFlgWeak = 0x2;

    /// <summary>Sets VER_FLG_WEAK on every needed version whose name matches; returns the names changed.</summary>
    public static IReadOnlyList<string> MarkRequirementsWeak(byte[] elf, Func<string, bool> shouldWeaken)
    {
        var changed = new List<string>();
        foreach (var (section, strtab) in Sections(elf, ShtGnuVerneed))
        {
            var count = ReadU32(elf, section + 44); // sh_info: number of Elf64_Verneed entries
            var offset = checked((int)ReadU64(elf, section + 24)); // sh_offset
            for (var i = 0; i < count; i++)
            {
                var auxCount = ReadU16(elf, offset + 2);
                var aux = offset + (int)ReadU32(elf, offset + 8);
                for (var j = 0; j < auxCount; j++)
                {
                    var name = ReadString(elf, strtab + (int)ReadU32(elf, aux + 8));
                    if (shouldWeaken(name))
                    {
                        var flags = ReadU16(elf, aux + 4);
                        BinaryPrimitives.WriteUInt16LittleEndian(elf.AsSpan(aux + 4), (ushort)(flags | VerFlgWeak));
                        changed.Add(name);
                    }

                    aux += (int)ReadU32(elf, aux + 12);
                }

                offset += (int)ReadU32(elf, offset + 12);
            }
        }

        return changed;
    }

    /// <summary>Version names an ELF file defines (e.g. GLIBCXX_3.4.30 in libstdc++).</summary>
    public static HashSet<string> DefinedVersions(byte[] elf)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (section, strtab) in Sections(elf, ShtGnuVerdef))
        {
            var count = ReadU32(elf, section + 44);
            var offset = checked((int)ReadU64(elf, section + 24));
            for (var i = 0; i < count; i++)
            {
                // Elf64_Verdef: vd_version u16, vd_flags u16, vd_ndx u16, vd_cnt u16, vd_hash u32, vd_aux u32, vd_next u32
                var aux = offset + (int)ReadU32(elf, offset + 12);
                names.Add(ReadString(elf, strtab + (int)ReadU32(elf, aux))); // Elf64_Verdaux.vda_name
                offset += (int)ReadU32(elf, offset + 16);
            }
        }

        return names;
    }

    /// <summary>Yields (section header offset, linked string table file offset) for each section of a type.</summary>
    private static IEnumerable<(int Section, int StringTable)> Sections(byte[] elf, uint type)
    {
        if (elf.Length < 64 || elf[0] != 0x7f || elf[1] != (byte)'E' || elf[2] != (byte)'L' || elf[3] != (byte)'F')
        {
            throw new InvalidDataException("Not an ELF file.");
        }

        if (elf[4] != 2 || elf[5] != 1)
        {
            throw new InvalidDataException("Only 64-bit little-endian ELF files are supported.");
        }

        var shoff = checked((int)ReadU64(elf, 0x28));
        var shentsize = ReadU16(elf, 0x3A);
        var shnum = ReadU16(elf, 0x3C);
        for (var i = 0; i < shnum; i++)
        {
            var header = shoff + (i * shentsize);
            if (ReadU32(elf, header + 4) != type)
            {
                continue;
            }

            var link = (int)ReadU32(elf, header + 40);
            var strtab = checked((int)ReadU64(elf, shoff + (link * shentsize) + 24));
            yield return (header, strtab);
        }
    }

    private static ushort ReadU16(byte[] b, int o) => BinaryPrimitives.ReadUInt16LittleEndian(b.AsSpan(o));

    private static uint ReadU32(byte[] b, int o) => BinaryPrimitives.ReadUInt32LittleEndian(b.AsSpan(o));

    private static ulong ReadU64(byte[] b, int o) => BinaryPrimitives.ReadUInt64LittleEndian(b.AsSpan(o));

    private static string ReadString(byte[] b, int o)
    {
        var end = Array.IndexOf(b, (byte)0, o);
        return Encoding.ASCII.GetString(b, o, end - o);
    }
}
