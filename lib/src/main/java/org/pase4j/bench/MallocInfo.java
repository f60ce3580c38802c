package org.pase4j.bench;

import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.Structure;
import java.util.Optional;

/**
 * What glibc's {@code malloc} holds, from {@code mallinfo2} (glibc 2.33 and later): the bytes it has taken from
 * the system for its heaps, how many of them are in use, and how many are mapped one block at a time. It tells
 * growth of what is allocated from growth of the heaps around it (memory freed but not given back).
 *
 * @param heapBytes bytes of the heaps ({@code arena})
 * @param inUseBytes bytes allocated from the heaps ({@code uordblks})
 * @param mappedBytes bytes in blocks mapped one at a time ({@code hblkhd})
 */
public record MallocInfo(long heapBytes, long inUseBytes, long mappedBytes) {

    /** @return glibc's figures now, or empty where the C library has no {@code mallinfo2} */
    public static Optional<MallocInfo> current() {
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
