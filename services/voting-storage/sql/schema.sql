-- The vote schema of voting-storage 2.0. It is applied to the database named by MYSQL_DATABASE
-- (azurevote), by the MySQL image at first start and by the local launcher; applying it again
-- is harmless.
--
-- azurevote is the table of the original sample: one row per vote. Anyone may keep reading it.
-- azurevote_totals keeps the count per option, maintained by triggers on azurevote, so counting
-- costs the same at ten votes or ten million, and stays right whoever writes the votes.

CREATE TABLE IF NOT EXISTS azurevote (
  voteid INT NOT NULL AUTO_INCREMENT,
  votevalue VARCHAR(45) NOT NULL,
  PRIMARY KEY (voteid)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;

CREATE TABLE IF NOT EXISTS azurevote_totals (
  votevalue VARCHAR(45) NOT NULL,
  votes BIGINT NOT NULL DEFAULT 0,
  PRIMARY KEY (votevalue)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;

DROP TRIGGER IF EXISTS azurevote_count_insert;

CREATE TRIGGER azurevote_count_insert AFTER INSERT ON azurevote FOR EACH ROW
  INSERT INTO azurevote_totals (votevalue, votes) VALUES (NEW.votevalue, 1)
  ON DUPLICATE KEY UPDATE votes = votes + 1;

DROP TRIGGER IF EXISTS azurevote_count_delete;

CREATE TRIGGER azurevote_count_delete AFTER DELETE ON azurevote FOR EACH ROW
  UPDATE azurevote_totals SET votes = votes - 1 WHERE votevalue = OLD.votevalue;

-- Rows written before the triggers existed are counted once here.
INSERT INTO azurevote_totals (votevalue, votes)
  SELECT votevalue, COUNT(*) FROM azurevote GROUP BY votevalue
  ON DUPLICATE KEY UPDATE votes = VALUES(votes);
