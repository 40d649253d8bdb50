package mechos.webconsole.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "MechOS Web Console page",
        description = "The MechOS page of the Felix Web Console: map extent, manual drive speeds and refresh rate.")
public @interface ConsoleConfig {
    /** Configuration PID. */
    String PID = "mechos.webconsole";

    @AttributeDefinition(name = "Map radius (m)", min = "0.5", max = "200",
            description = "Radius around the robot for map.json requests that name no view; the page asks for its own view (at most 200 m).")
    double map__radius() default 8.0;

    @AttributeDefinition(name = "Max map cells", min = "0", max = "200000", description = "At most this many occupied cells are sent per refresh.")
    int max__cells() default 4000;

    @AttributeDefinition(name = "Manual drive speed (m/s)", min = "0.01", max = "5",
            description = "Linear speed of the page's drive buttons and arrow keys (the kernel's caps still apply).")
    double drive__linear() default 0.3;

    @AttributeDefinition(name = "Manual turn rate (rad/s)", min = "0.01", max = "10",
            description = "Angular speed of the page's turn buttons and arrow keys.")
    double drive__angular() default 0.8;

    @AttributeDefinition(name = "Refresh interval (ms)", min = "50", max = "10000", description = "How often the page polls the robot state.")
    int refresh__ms() default 250;
}
