/** Turning scans into map-frame points: validation and the sensor-to-map transform. */
package mechos.perception.internal.map;
