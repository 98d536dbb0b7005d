package org.qnnlab.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** Spark slices a list into contiguous runs; the engine orders tasks so each run holds every p-th task. */
class SparkPartitionTest {

    @Test
    void partitionsHoldEveryPthTask() {
        assertEquals(List.of(0, 3, 6, 9, 1, 4, 7, 2, 5, 8), SparkEngine.strided(IntStream.range(0, 10).toArray(), 3));
        assertEquals(List.of(5, 11, 7, 13), SparkEngine.strided(new int[] {5, 7, 11, 13}, 2));
        assertEquals(List.of(4), SparkEngine.strided(new int[] {4}, 1));
        // Spark's slice i of n elements in p slices is [i·n/p, (i+1)·n/p): with n = 12, p = 4 exactly the strides
        List<Integer> order = SparkEngine.strided(IntStream.range(0, 12).toArray(), 4);
        for (int i = 0; i < 4; i++) {
            assertEquals(List.of(i, i + 4, i + 8), order.subList(i * 12 / 4, (i + 1) * 12 / 4));
        }
    }
}
