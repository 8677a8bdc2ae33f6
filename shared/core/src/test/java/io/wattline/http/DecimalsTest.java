package io.wattline.http;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class DecimalsTest {
    @Test
    void roundsHalfUpToThePlacesAsked() {
        assertEquals(1.235, Decimals.round(1.23456, 3));
        assertEquals(0.000001, Decimals.round(0.0000005, 6));
        assertEquals(-2.0, Decimals.round(-2.5, 0));
        assertEquals(12.0, Decimals.round(11.5, 0));
    }

    @Test
    void largeAndNonFiniteValuesAreAnsweredAsTheyAre() {
        // Math.round saturates at Long.MAX_VALUE: 1e13 at six decimals was answered as 9.223372036854775E12
        assertEquals(1e13, Decimals.round(1e13, 6));
        assertEquals(1.1e16, Decimals.round(1.1e16, 3));
        assertEquals(-1e15, Decimals.round(-1e15, 6));
        assertEquals(4503599627.370496, Decimals.round(4503599627.370496, 6)); // just at 2^52 once scaled
        assertEquals(Double.NaN, Decimals.round(Double.NaN, 2));
        assertEquals(Double.POSITIVE_INFINITY, Decimals.round(Double.POSITIVE_INFINITY, 2));
    }
}
