// Docs.java MAN_DIR COMPLETION_FILE: writes clock's man pages (AsciiDoc, one per command) and its
// bash completion from the command tree itself, through picocli's own generators, so they never
// drift from --help. Run by ./package as a single-file program, with clock's jar, picocli and
// picocli-codegen on the class path: the tree is built in code (dev.clock.cli.CommandTree), which
// the generators' command lines, taking a class name, cannot build.
import dev.clock.cli.CommandTree;
import java.io.File;
import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.codegen.docgen.manpage.ManPageGenerator;

class Docs {
    public static void main(String[] args) throws Exception {
        if (args.length != 2) {
            System.err.println("usage: Docs.java MAN_DIR COMPLETION_FILE");
            System.exit(2);
        }
        CommandLine clock = CommandTree.whole();
        int status = ManPageGenerator.generateManPage(new File(args[0]), null, new boolean[0], true, clock.getCommandSpec());
        if (status != 0) {
            System.exit(status);
        }
        AutoComplete.bash("clock", new File(args[1]), null, clock);
    }
}
