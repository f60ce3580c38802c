package org.pase4j.bench;

import com.sun.jna.Function;
import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Structure;
import com.sun.jna.ptr.LongByReference;
import java.util.Optional;

/**
 * What the process's {@code malloc} holds: the bytes it has taken from the system for its heaps and how many of
 * them are in use, which tells growth of what is allocated from growth of the heaps around it (memory freed but not
 * given back). Read from tcmalloc's {@code MallocExtension} where tcmalloc is loaded, else from glibc's
 * {@code mallinfo2} (glibc 2.33 and later).
 *
 * @param heapBytes bytes of the heaps (glibc: {@code arena}; tcmalloc: {@code generic.heap_size})
 * @param inUseBytes bytes allocated from the heaps (glibc: {@code uordblks}; tcmalloc:
 *     {@code generic.current_allocated_bytes})
 * @param mappedBytes glibc: bytes in blocks mapped one at a time ({@code hblkhd}); tcmalloc: 0, its large blocks
 *     are part of its heap
 */
public record MallocInfo(long heapBytes, long inUseBytes, long mappedBytes) {

    /** @return the allocator's figures now, or empty where it cannot tell */
    public static Optional<MallocInfo> current() {
        return tcmalloc().or(MallocInfo::glibc);
    }

    private static Optional<MallocInfo> tcmalloc() {
        try {
            Function property = NativeLibrary.getProcess().getFunction("MallocExtension_GetNumericProperty");
            long heap = numeric(property, "generic.heap_size");
            long inUse = numeric(property, "generic.current_allocated_bytes");
            return heap < 0 || inUse < 0 ? Optional.empty() : Optional.of(new MallocInfo(heap, inUse, 0));
        } catch (UnsatisfiedLinkError e) {
            return Optional.empty();
        }
    }

    /** @return tcmalloc's property, or -1 where it does not know it */
    private static long numeric(Function property, String name) {
        LongByReference value = new LongByReference();
        return property.invokeInt(new Object[] {name, value}) == 0 ? -1 : value.getValue();
    }

    private static Optional<MallocInfo> glibc() {
        try {
            MallInfo2 info = LibC.INSTANCE.mallinfo2();
            return Optional.of(new MallocInfo(info.arena, info.uordblks, info.hblkhd));
        } catch (UnsatisfiedLinkError | NoClassDefFoundError e) {
            return Optional.empty();
        }
    }

    private interface LibC extends Library {
        LibC INSTANCE = Native.load("c", LibC.class);

        MallInfo2.ByValue mallinfo2();
    }

    /** glibc's {@code struct mallinfo2}: ten {@code size_t} fields. */
    @Structure.FieldOrder({"arena", "ordblks", "smblks", "hblks", "hblkhd", "usmblks", "fsmblks", "uordblks",
        "fordblks", "keepcost"})
    public static class MallInfo2 extends Structure {
        public long arena;
        public long ordblks;
        public long smblks;
        public long hblks;
        public long hblkhd;
        public long usmblks;
        public long fsmblks;
        public long uordblks;
        public long fordblks;
        public long keepcost;

        /** Returned by value. */
        public static class ByValue extends MallInfo2 implements Structure.ByValue {
        }
    }
}
